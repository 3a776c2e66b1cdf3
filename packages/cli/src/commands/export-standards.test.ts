import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openStore, seedTestStudy, systemActor } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { beforeAll, describe, expect, it } from "vitest";

const main = resolve(import.meta.dirname, "../../../../bin/main.ts");
const ciclo = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", main, ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "" },
  });
/** A fresh PGlite folder and `ciclo` processes: slow on a busy machine. */
const slowCliTest = 180_000;

describe("ciclo export --format (the standards)", () => {
  const dir = mkdtempSync(join(tmpdir(), "ciclo-cli-standards-"));
  const dataDir = join(dir, "data");
  beforeAll(async () => {
    const store = await openStore({ dataDir });
    await store.transaction(systemActor, async (tx) => {
      const { studyId, siteIds } = await seedTestStudy(tx, { protocol: seedProtocol });
      await tx.records.create("subject", {
        studyId,
        siteId: siteIds.PI,
        pseudonym: "PI-001",
        arm: "treated",
        enrolmentDate: "2024-01-10",
      });
    });
    await store.close();
  });

  it(
    "writes ODM to a file and SDTM to a directory, and asks for --out",
    () => {
      const odm = join(dir, "study.xml");
      const written = ciclo("export", "--format", "odm", "--out", odm, "--data-dir", dataDir);
      expect(written.status, written.stderr).toBe(0);
      expect(readFileSync(odm, "utf8")).toContain('<SubjectData SubjectKey="PI-001">');

      const sdtm = join(dir, "sdtm");
      const datasets = ciclo("export", "--format", "sdtm", "--out", sdtm, "--data-dir", dataDir);
      expect(datasets.status, datasets.stderr).toBe(0);
      expect(readdirSync(sdtm)).toContain("define.xml");
      expect(readFileSync(join(sdtm, "dm.csv"), "utf8").split("\n")[1]).toMatch(
        /^CICLO,DM,CICLO-PI-001,PI-001,2024-01-10,/,
      );

      const noOut = ciclo("export", "--format", "fhir", "--data-dir", dataDir);
      expect(noOut.status).toBe(2);
      expect(noOut.stderr).toContain("give --out for --format fhir");
    },
    slowCliTest,
  );
});
