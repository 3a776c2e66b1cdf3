import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  analysisInput,
  type CohortCsv,
  importCohortCsv,
  openPostgresTestStore,
  openTestStore,
  type Store,
  seedTestStudy,
  systemActor,
} from "@ciclo/store";
import { analyzeTrial, seedProtocol, type TrialAnalyses } from "@ciclo/trial";
import { afterAll, describe, expect, it } from "vitest";
import { csvFolderInput } from "./csv-folder-input";
import { writeSimulatedCohort } from "./simulate";

// A small simulated cohort (seed 5150, 8 treated and 12 controls at two sites), written as
// `ciclo simulate` writes it.
const dir = mkdtempSync(join(tmpdir(), "ciclo-csv-folder-"));
const written = writeSimulatedCohort({ treated: 8, controls: 12, sites: 2, seed: 5150, out: dir });

/**
 * The analyses as comparable values: the database's subject ids taken out (they differ from
 * store to store), numbers to 12 significant digits and lists in a canonical order, because
 * each store hands the subjects over in the order of its own ids, which moves sums in the last
 * bit and reorders the listed pairs.
 */
function comparable(analyses: TrialAnalyses): unknown {
  const canonical = (value: unknown): unknown => {
    if (typeof value === "number")
      return Number.isFinite(value) ? Number(value.toPrecision(12)) : value;
    if (Array.isArray(value))
      return value
        .map(canonical)
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    if (value && typeof value === "object")
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => key !== "subjectId")
          .map(([key, v]) => [key, canonical(v)]),
      );
    return value;
  };
  return canonical({ ...analyses, dataSnapshot: "" });
}

const analyze = (input: { records: Parameters<typeof analyzeTrial>[0] }) =>
  analyzeTrial(input.records, seedProtocol, {
    dataSnapshot: "",
    software: [],
    biasCheck: { replicates: 20 },
  });

async function importedAnalyses(store: Store): Promise<TrialAnalyses> {
  const files: CohortCsv[] = written.map((file) => ({
    kind: file.kind as CohortCsv["kind"],
    csv: readFileSync(file.file, "utf8"),
    rows: file.rows,
  }));
  const input = await store.transaction(systemActor, async (tx) => {
    const { studyId } = await seedTestStudy(tx, {
      protocol: seedProtocol,
      sites: { PI: "Pisa", FI: "Firenze" },
    });
    const imported = await importCohortCsv(tx, files, { studyId, reason: "test import" });
    if (!imported.ok) return imported;
    return analysisInput(tx, studyId);
  });
  if (!input.ok) throw new Error(input.problem.message);
  return analyze(input.value);
}

const engines: [string, () => Promise<Store>][] = [["PGlite", () => openTestStore()]];
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) engines.push(["PostgreSQL", () => openPostgresTestStore(serverUrl)]);

describe.each(engines)("ciclo analyze --csv (%s)", (_engine, open) => {
  const stores: Store[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close();
  });

  // Two imports and two analyses: half a minute on a busy 2-core machine, so a longer timeout.
  it("gives the same numbers as the same files imported into a study", {
    timeout: 180_000,
  }, async () => {
    const folderStore = await openTestStore();
    const importStore = await open();
    stores.push(folderStore, importStore);
    const fromFolder = await csvFolderInput(folderStore, dir, seedProtocol, undefined);
    if (!fromFolder.ok) throw new Error(fromFolder.problem.message);
    expect(fromFolder.value.records.subjects).toHaveLength(20);
    const folder = analyze(fromFolder.value);
    const imported = await importedAnalyses(importStore);
    expect(comparable(folder)).toEqual(comparable(imported));
    // A number the comparison covers, so that two empty reports cannot pass it.
    expect("notComputed" in folder.os).toBe(false);
  });

  it("names the missing subjects.csv", async () => {
    const store = await openTestStore();
    stores.push(store);
    const empty = mkdtempSync(join(tmpdir(), "ciclo-csv-empty-"));
    const input = await csvFolderInput(store, empty, seedProtocol, undefined);
    expect(input.ok ? "" : input.problem.message).toBe(
      `--csv '${empty}' has no subjects.csv; give the folder that \`ciclo simulate\` or an export wrote`,
    );
  });
});
