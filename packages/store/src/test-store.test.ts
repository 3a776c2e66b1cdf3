import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openTestStoreInTransaction, systemActor } from "./index";

describe("openTestStoreInTransaction", () => {
  const countStudies = async (store: Awaited<ReturnType<typeof openTestStoreInTransaction>>) =>
    (await store.transaction(systemActor, (tx) => tx.records.list("study"))).length;

  it("rolls a test's writes back on close, and a failed statement leaves the store usable", async () => {
    const first = await openTestStoreInTransaction();
    await first.transaction(systemActor, (tx) =>
      tx.records.create("study", { code: "A", title: "A study" }),
    );
    await expect(sql`delete from audit_event`.execute(first.db)).rejects.toThrow(/append-only/);
    expect(await countStudies(first)).toBe(1);
    // A second store while the first is open is a copy of its own.
    const second = await openTestStoreInTransaction();
    expect(await countStudies(second)).toBe(0);
    await second.close();
    await first.close();
    const third = await openTestStoreInTransaction();
    expect(await countStudies(third)).toBe(0);
    expect(await third.verifyAuditChain()).toEqual({ ok: true, rows: 0 });
    await third.close();
  });
});
