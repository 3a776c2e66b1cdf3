/**
 * The report from the database: reading a study's records from the store (`trialRecords`, what
 * `ciclo analyze` and `GET /api/report.html` do before the analyses), then the data snapshot
 * hash, the five analyses and the HTML, on embedded PGlite in a data directory as `npm start`
 * keeps it and, when `TEST_DATABASE_URL` is set, on PostgreSQL. The anchor is the same report
 * from the simulated records in memory, in the same run (target: under 10 s at 10,000
 * patients).
 *
 * The store is filled with a simulated cohort straight into the tables (no checks, no audit
 * rows): a fast way to hold millions of rows, not the store's import, and not timed; its time
 * is printed with the progress. It takes about 20 s of CPU per 1,000 patients, so the default
 * is 1,000 patients; `npm run bench -- report-from-store --sizes 1000,10000` adds 10,000
 * (filling takes 3-6 minutes per engine, as the machine is loaded).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataSnapshotHash, renderReport, serverDocument } from "@ciclo/report";
import { type SimulatedCohort, seededRandom, simulateCohort } from "@ciclo/sim";
import {
  type EntityName,
  entities,
  openPostgresTestStore,
  openStore,
  type Store,
  systemActor,
  trialRecords,
} from "@ciclo/store";
import { analyzeTrial, type LabResultRecord, seedProtocol, type TrialRecords } from "@ciclo/trial";
import { sql } from "kysely";
import type { BenchContext, BenchRow } from "./run";

export const name = "report-from-store";

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const serverUrl = process.env.TEST_DATABASE_URL;
  for (const n of context.sizes ?? [1_000]) {
    const treated = Math.round((n * 42) / 137);
    context.progress(`report-from-store: simulating ${n} patients (not timed)`);
    const cohort = simulateCohort(
      seedProtocol,
      { treated, controls: n - treated, sites: ["PI", "FI", "SI"] },
      seededRandom(1992),
    );
    context.progress(`report-from-store: the report of ${n} patients from memory (the anchor)`);
    const inMemory = await timeReport({
      subjects: cohort.subjects,
      administrations: cohort.administrations,
      labResults: cohort.labResults,
      progressions: cohort.progressions,
      followUps: cohort.followUps,
    });
    rows.push({ task: "report from memory (the anchor)", n, cicloMs: inMemory });
    const dataDir = mkdtempSync(join(tmpdir(), "ciclo-bench-"));
    const engines: [string, () => Promise<Store>][] = [["PGlite", () => openStore({ dataDir })]];
    if (serverUrl) engines.push(["PostgreSQL", () => openPostgresTestStore(serverUrl)]);
    for (const [engine, open] of engines) {
      const store = await open();
      try {
        context.progress(`report-from-store: filling ${engine} with ${n} patients (not timed)`);
        const start = performance.now();
        const studyId = await fillStore(store, cohort);
        context.progress(
          `report-from-store: filled in ${((performance.now() - start) / 1000).toFixed(0)} s; timing`,
        );
        const load = await timeLoad(store, studyId, n, engine);
        const analyses = await timeReport(load.records);
        rows.push(load.row, {
          task: `report from ${engine} (read, analyses, HTML)`,
          n,
          cicloMs: load.row.cicloMs + analyses,
          rMs: inMemory,
          note: `read ${(load.row.cicloMs / 1000).toFixed(1)} s + analyses and HTML ${(analyses / 1000).toFixed(1)} s; ${
            load.row.cicloMs + analyses < 10_000 ? "under" : "over"
          } the 10 s target`,
        });
      } finally {
        await store.close();
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

/** The quicker of two reads of the whole study (the first also warms the engine's caches). */
async function timeLoad(store: Store, studyId: string, n: number, engine: string) {
  let best = Number.POSITIVE_INFINITY;
  let records: TrialRecords | undefined;
  for (let round = 0; round < 2; round++) {
    records = undefined;
    const start = performance.now();
    records = await store.transaction(systemActor, (tx) => trialRecords(tx, studyId));
    best = Math.min(best, performance.now() - start);
  }
  const read = records as TrialRecords;
  return {
    records: read,
    row: {
      task: `trialRecords from ${engine}`,
      n,
      cicloMs: best,
      note: `${read.labResults.length} lab results; best of 2`,
    },
  };
}

/** The time of the report's work after the read: snapshot hash, five analyses, HTML. */
async function timeReport(records: TrialRecords): Promise<number> {
  const start = performance.now();
  const dataSnapshot = await dataSnapshotHash({ ...records });
  const analyses = analyzeTrial(records, seedProtocol, { dataSnapshot, software: [] });
  renderReport(analyses, { document: serverDocument() });
  return performance.now() - start;
}

type Row = Record<string, unknown>;

/**
 * Writes the cohort into a new study of the store: three sites, the subjects, their doses,
 * samples (one per draw), lab results, progressions and follow-up contacts.
 */
export async function fillStore(store: Store, cohort: SimulatedCohort): Promise<string> {
  const now = new Date().toISOString();
  const stored = (values: Row): Row => ({
    id: randomUUID(),
    ...values,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  const study = stored({ code: `BENCH-${randomUUID().slice(0, 8)}`, title: "Bench" });
  const sites = ["PI", "FI", "SI"].map((code) => stored({ studyId: study.id, code, name: code }));
  const siteIds = new Map(sites.map((site) => [site.code, site.id]));
  const subjectIds = new Map<string, unknown>();
  await insertRows(store, "study", [study]);
  await insertRows(store, "site", sites);
  await insertEach(store, "subject", cohort.subjects, (subject) => {
    const row = stored({
      ...fieldsOf("subject", subject),
      studyId: study.id,
      siteId: siteIds.get(subject.siteId as string),
      eligible: true,
    });
    subjectIds.set(subject.subjectId, row.id);
    return row;
  });
  const ofSubject = (entity: EntityName, record: { subjectId: string }) =>
    stored({ ...fieldsOf(entity, record), subjectId: subjectIds.get(record.subjectId) });
  await insertEach(store, "administration", cohort.administrations, (dose) =>
    ofSubject("administration", dose),
  );
  const drawOf = (result: LabResultRecord) =>
    `${result.subjectId} ${result.drawnAt} ${result.relation} ${result.cycle}`;
  const samples = new Map<string, Row>();
  for (const result of cohort.labResults)
    if (!samples.has(drawOf(result))) samples.set(drawOf(result), ofSubject("sample", result));
  await insertEach(store, "sample", [...samples.values()], (sample) => sample);
  await insertEach(store, "labResult", cohort.labResults, (result) => {
    const sample = samples.get(drawOf(result)) as Row;
    return stored({
      ...fieldsOf("labResult", result),
      belowLimit: result.belowLimit ?? false,
      sampleId: sample.id,
      subjectId: sample.subjectId,
    });
  });
  await insertEach(store, "progression", cohort.progressions, (progression) =>
    ofSubject("progression", progression),
  );
  await insertEach(store, "followUp", cohort.followUps, (contact) =>
    ofSubject("followUp", contact),
  );
  return study.id as string;
}

/** Rows written a statement, made as they are written, so the whole cohort never is twice. */
const batchRows = 20_000;

async function insertEach<T>(
  store: Store,
  entity: EntityName,
  records: readonly T[],
  rowOf: (record: T) => Row,
): Promise<void> {
  for (let start = 0; start < records.length; start += batchRows)
    await insertRows(store, entity, records.slice(start, start + batchRows).map(rowOf));
}

/** The record's fields that the entity stores. */
function fieldsOf(entity: EntityName, record: object): Row {
  const fields = Object.keys(entities[entity].input.shape);
  return Object.fromEntries(
    Object.entries(record).filter(([field, value]) => fields.includes(field) && value != null),
  );
}

/**
 * Inserts the rows in one statement with one JSON parameter that the database spreads over the
 * table's columns: far fewer statements and parameters than multi-row inserts.
 */
async function insertRows(store: Store, entity: EntityName, rows: Row[]): Promise<void> {
  const table = sql.table(entities[entity].table);
  const json = JSON.stringify(rows.map(snakeCased));
  await sql`insert into ${table} select * from json_populate_recordset(null::${table}, ${json}::json)`.execute(
    store.db,
  );
}

function snakeCased(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).map(([field, value]) => [
      field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
      value,
    ]),
  );
}
