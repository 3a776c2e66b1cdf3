import { systemActor } from "@ciclo/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, openApiFixture } from "../test/api-fixture";
import { demoPassword } from "./demo-study";

let fixture: ApiFixture;

/** Signs in as if from a client at `address` (the socket's remote address, as on a real port). */
function loginFrom(address: string, headers: Record<string, string> = {}) {
  return fixture.app.request(
    "/api/auth/login",
    {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ username: "investigator.pisa", password: demoPassword }),
    },
    { incoming: { socket: { remoteAddress: address } } },
  );
}

const refused = {
  code: "demo_password_refused",
  message:
    "the shared demo password signs in only to the demo study and only from the machine Ciclo runs on; ask an administrator for a password of your own",
  field: "password",
};

describe("the demo's shared password", () => {
  beforeAll(async () => {
    fixture = await openApiFixture();
  });
  afterAll(() => fixture.close());

  it("signs in to the demo study from the machine Ciclo runs on", async () => {
    expect((await loginFrom("127.0.0.1")).status).toBe(200);
    expect((await loginFrom("::1")).status).toBe(200);
    expect((await loginFrom("::ffff:127.0.0.1")).status).toBe(200);
  });

  it("is refused from another machine, also through a proxy on this one", async () => {
    const remote = await loginFrom("203.0.113.5");
    expect(remote.status).toBe(403);
    expect(await remote.json()).toEqual(refused);
    const proxied = await loginFrom("127.0.0.1", { "x-forwarded-for": "203.0.113.5" });
    expect(proxied.status).toBe(403);
  });

  it("is refused once the database holds a study that is not the demo", async () => {
    await fixture.store.transaction(systemActor, (tx) =>
      tx.records.create("study", { code: "CICLO-2", title: "A real study" }),
    );
    const local = await loginFrom("127.0.0.1");
    expect(local.status).toBe(403);
    expect(await local.json()).toEqual(refused);
  });
});
