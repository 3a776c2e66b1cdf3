import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, systemActor } from "./index";

describe("an embedded store in a data directory", () => {
  const root = mkdtempSync(join(tmpdir(), "ciclo-datadir-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("creates missing parent folders (a fresh clone has no ./.ciclo) and keeps data across opens", async () => {
    const dataDir = join(root, ".ciclo", "data");
    const first = await openStore({ dataDir });
    const created = await first.transaction(systemActor, (tx) =>
      tx.records.create("study", { code: "CICLO", title: "Ciclo pilot" }),
    );
    expect(created.ok).toBe(true);
    await first.close();
    expect(existsSync(join(dataDir, "PG_VERSION"))).toBe(true);
    const again = await openStore({ dataDir });
    const studies = await again.transaction(systemActor, (tx) => tx.records.list("study"));
    expect(studies.map((study) => study.code)).toEqual(["CICLO"]);
    await again.close();
  });
});
