import { studyProtocol, systemActor } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, engines, openApiFixture } from "../test/api-fixture";

describe.each(engines)("the current protocol (%s)", (engine) => {
  let fixture: ApiFixture;
  beforeAll(async () => {
    fixture = await openApiFixture(engine);
  });
  afterAll(() => fixture.close());

  it("is the study's highest version, validated", async () => {
    const current = await fixture.store.transaction(systemActor, (tx) =>
      studyProtocol(tx, fixture.demo.studyId),
    );
    expect(current).toEqual({ ok: true, value: seedProtocol });
  });

  it("is said, not skipped, when the highest version does not validate: the dashboard names it", async () => {
    // A version written before its schema changed: the store's own check would refuse it today.
    await fixture.store.transaction(systemActor, (tx) =>
      tx.records.insertPrepared(
        "protocolVersion",
        [
          tx.records.newRow({
            studyId: fixture.demo.studyId,
            number: 2,
            effectiveDate: "2025-01-01",
            document: { ...seedProtocol, schemaVersion: 2 },
          }),
        ],
        null,
      ),
    );
    const current = await fixture.store.transaction(systemActor, (tx) => studyProtocol(tx));
    const message = "protocol version 2 does not validate: schemaVersion: schemaVersion must be 1";
    expect(current).toEqual({ ok: false, problem: { code: "invalid_protocol", message } });
    const pisa = await fixture.signIn("investigator.pisa");
    const dashboard = await pisa.json("GET", "/api/dashboard");
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.protocolProblem).toBe(message);
    const catalogue = await pisa.json("GET", "/api/catalogue");
    expect(catalogue).toEqual({
      status: 422,
      body: { code: "invalid_protocol", message },
    });
  });
});
