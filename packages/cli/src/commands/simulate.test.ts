import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ImportKind,
  importCsv,
  openTestStore,
  seedTestStudy,
  systemActor,
} from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { describe, expect, it } from "vitest";
import { writeSimulatedCohort } from "./simulate";

describe("ciclo simulate", () => {
  it("writes CSV files that the store imports whole, and the same files for the same seed", async () => {
    const out = mkdtempSync(join(tmpdir(), "ciclo-simulate-"));
    const again = mkdtempSync(join(tmpdir(), "ciclo-simulate-"));
    const store = await openTestStore();
    try {
      const files = writeSimulatedCohort({ treated: 1, controls: 1, sites: 3, seed: 1, out });
      const repeated = writeSimulatedCohort({
        treated: 1,
        controls: 1,
        sites: 3,
        seed: 1,
        out: again,
      });
      expect(files.map((f) => f.kind)).toEqual(repeated.map((f) => f.kind));
      for (const [index, file] of files.entries())
        expect(readFileSync(file.file, "utf8")).toBe(readFileSync(repeated[index].file, "utf8"));
      expect(files.find((f) => f.kind === "subjects")?.rows).toBe(2);

      const demo = await store.transaction(systemActor, (tx) =>
        seedTestStudy(tx, {
          sites: { PI: "Pisa", FI: "Firenze", SI: "Siena" },
          protocol: seedProtocol,
        }),
      );
      for (const file of files) {
        const imported = await store.transaction(systemActor, (tx) =>
          importCsv(tx, {
            kind: file.kind as ImportKind,
            csv: readFileSync(file.file, "utf8"),
            studyId: demo.studyId,
          }),
        );
        // Every file imports with no problem, and every row of it is imported.
        expect(imported.ok ? imported.value.rows : imported.problem).toBe(file.rows);
      }
    } finally {
      await store.close();
      rmSync(out, { recursive: true, force: true });
      rmSync(again, { recursive: true, force: true });
    }
  });
});
