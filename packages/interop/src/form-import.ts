import {
  csvFormats,
  type ImportCounts,
  type ImportKind,
  importCsv,
  importKinds,
  type Result,
  type RowProblem,
  type Tx,
} from "@ciclo/store";
import { stringify } from "csv-stringify/sync";

/** A row read from a foreign file: its values by registry column, and where it came from. */
export interface ForeignRow {
  kind: ImportKind;
  /** Values by the registry's column names (`pseudonym`, `drawn_at`, …), as text. */
  values: Record<string, string>;
  /** Where the row is in the foreign file, as its reader should find it, e.g. `line 7`. */
  origin: string;
  /** The row's line or place in the foreign file, for the report. */
  line: number;
}

/**
 * Imports rows read from a foreign file (ODM, REDCap) through the store's own CSV import, kind
 * by kind in the registry's order (subjects first), in the caller's transaction: every rule of
 * the CSV import applies, and the first kind refused refuses the whole file. Each problem the
 * CSV import reports is given back with the foreign row's line and origin, so the report points
 * into the file the user sent. Every kind is checked, so the report lists the bad rows of all of
 * them (after refused enrolments it stops: the other records of those subjects cannot be checked).
 */
export async function importForeignRows(
  tx: Tx,
  rows: ForeignRow[],
  { studyId, siteIds, reason }: { studyId: string; siteIds?: string[]; reason: string },
): Promise<Result<ImportCounts[]>> {
  const counts: ImportCounts[] = [];
  const refused: { kind: ImportKind; message: string; rows: RowProblem[] }[] = [];
  for (const kind of importKinds) {
    const ofKind = rows.filter((row) => row.kind === kind);
    if (ofKind.length === 0) continue;
    const columns = csvFormats[kind].columns.map((column) => column.name);
    const csv = stringify(
      ofKind.map((row) => columns.map((column) => row.values[column] ?? "")),
      { header: true, columns },
    );
    const imported = await importCsv(tx, { kind, csv, studyId, siteIds, reason });
    if (imported.ok) {
      counts.push(imported.value);
      continue;
    }
    // CSV line n (the header is line 1) is the foreign row n - 2.
    const located = (imported.problem.rows ?? []).map((each): RowProblem => {
      const row = ofKind[each.row - 2];
      return row
        ? { row: row.line, field: each.field, message: `${row.origin}: ${each.message}` }
        : each;
    });
    refused.push({ kind, message: imported.problem.message, rows: located });
    // Without her enrolment no other record of a subject can be checked: stop at subjects.
    if (kind === "subjects") break;
  }
  if (refused.length === 0) return { ok: true, value: counts };
  return {
    ok: false,
    problem: {
      code: "import_rejected",
      message: `nothing was imported: ${refused.map((each) => `${each.kind}: ${each.message}`).join("; ")}`,
      rows: refused.flatMap((each) => each.rows).sort((a, b) => a.row - b.row),
    },
  };
}
