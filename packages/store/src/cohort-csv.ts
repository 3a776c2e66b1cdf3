import type { SimulatedCohort } from "@ciclo/sim";
import { stringify } from "csv-stringify/sync";
import { camel, csvFormats, type ImportKind } from "./csv-formats";
import { type ImportCounts, importCsv } from "./csv-import";
import type { Result } from "./problem";
import type { Tx } from "./store";

/** One CSV file of a simulated cohort, in the store's import format. */
export interface CohortCsv {
  kind: ImportKind;
  csv: string;
  rows: number;
}

type Row = Record<string, unknown>;

/**
 * A simulated cohort as the CSV files `ciclo import` reads, in the order they must be imported
 * (subjects first). Each file's header is the store's columns for its kind (`csvFormats`), and
 * each cell is the record's field of the column's name, so a column added to a format is
 * written without a second list here. Kinds without rows are left out.
 *
 * @example
 * const files = cohortCsv(simulateCohort(seedProtocol, spec, seededRandom(1)));
 * files[0].kind; // => "subjects"
 */
export function cohortCsv(cohort: SimulatedCohort): CohortCsv[] {
  const pseudonyms = new Map(cohort.subjects.map((s) => [s.subjectId, s.pseudonym ?? s.subjectId]));
  // A file names its subject by pseudonym, never by the simulator's identifier.
  const named = (row: { subjectId: string }): Row => ({
    ...row,
    pseudonym: pseudonyms.get(row.subjectId),
  });
  const tables: [ImportKind, Row[]][] = [
    // A simulated subject's site is a site code, and every simulated patient is eligible.
    ["subjects", cohort.subjects.map((s) => ({ ...named(s), siteCode: s.siteId, eligible: true }))],
    ["administrations", cohort.administrations.map(named)],
    ["visits", cohort.visits.map(named)],
    ["lab-results", cohort.labResults.map(named)],
    ["progressions", cohort.progressions.map(named)],
    ["response-assessments", cohort.responseAssessments.map(named)],
    [
      "lesions",
      cohort.responseAssessments.flatMap((a) =>
        (a.lesions ?? []).map((lesion) => ({ ...named(a), ...lesion })),
      ),
    ],
    ["adverse-events", cohort.adverseEvents.map(named)],
    ["follow-up", cohort.followUps.map(named)],
  ];
  return tables
    .filter(([, rows]) => rows.length > 0)
    .map(([kind, rows]) => {
      const columns = csvFormats[kind].columns.map((column) => column.name);
      const cells = rows.map((row) => columns.map((name) => cell(row[camel(name)])));
      return { kind, csv: stringify(cells, { header: true, columns }), rows: rows.length };
    });
}

function cell(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}

/**
 * Imports a cohort's files, in their order, through the store's CSV import, within the caller's
 * transaction: the first file refused refuses them all.
 */
export async function importCohortCsv(
  tx: Tx,
  files: CohortCsv[],
  { studyId, reason }: { studyId: string; reason: string },
): Promise<Result<ImportCounts[]>> {
  const counts: ImportCounts[] = [];
  for (const file of files) {
    const imported = await importCsv(tx, { kind: file.kind, csv: file.csv, studyId, reason });
    if (!imported.ok) return imported;
    counts.push(imported.value);
  }
  return { ok: true, value: counts };
}
