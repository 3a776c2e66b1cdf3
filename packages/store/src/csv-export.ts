import { stringify } from "csv-stringify/sync";
import type { Kysely } from "kysely";
import { neutralizeFormula } from "./csv-cell";
import { type Column, csvFormats, type ImportKind, snake } from "./csv-formats";
import { entities, identifyingFields } from "./entities";
import { entityRows } from "./entity-rows";
import type { Database } from "./schema";

/**
 * Exports one kind as CSV in long format (one row per record; for lab results one row per
 * result, with its sample's draw time and relation), in exactly the columns the import reads, so
 * an export can be imported elsewhere unchanged.
 *
 * @example
 * await exportCsv(tx.db, "lab-results", { studyId }); // => "pseudonym,drawn_at,relation,…\nPI-001,2024-02-01T08:00:00.000Z,pre,…"
 */
export async function exportCsv(
  trx: Kysely<Database>,
  kind: ImportKind,
  {
    studyId,
    siteIds,
    pseudonymized = false,
  }: {
    studyId: string;
    siteIds?: string[];
    /** For a reader without identifying access: the entity's identifying fields are empty. */
    pseudonymized?: boolean;
  },
): Promise<string> {
  const format = csvFormats[kind];
  const columns = format.columns.map((column) => column.name);
  const blank = pseudonymized ? identifyingFields(format.entity).map(snake) : [];
  const rows = await exportRows(trx, kind, studyId, siteIds);
  return stringify(
    rows.map((row) =>
      format.columns.map((column) =>
        blank.includes(column.name) ? "" : cell(column, row[column.name]),
      ),
    ),
    { header: true, columns },
  );
}

/** The column dictionary of a kind: name, type, unit or allowed values, and meaning. */
export function columnDictionary(kind: ImportKind): string {
  const format = csvFormats[kind];
  return stringify(
    format.columns.map((column) => [
      column.name,
      column.type,
      column.required ? "yes" : "no",
      column.unit ?? "",
      column.meaning,
    ]),
    { header: true, columns: ["column", "type", "required", "unit_or_values", "meaning"] },
  );
}

function cell(column: Column, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  // Only text can start a formula; numbers and dates are written as they are.
  return column.type === "text" ? neutralizeFormula(String(value)) : String(value);
}

async function exportRows(
  trx: Kysely<Database>,
  kind: ImportKind,
  studyId: string,
  siteIds: string[] | undefined,
): Promise<Record<string, unknown>[]> {
  let subjects = trx.selectFrom("subject").select(["id"]).where("studyId", "=", studyId);
  if (siteIds) subjects = subjects.where("siteId", "in", siteIds.length ? siteIds : [""]);
  const toSnake = (record: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(record).map(([name, value]) => [snake(name), value]));
  if (kind === "subjects") {
    const rows = await trx
      .selectFrom("subject")
      .innerJoin("site", "site.id", "subject.siteId")
      .selectAll("subject")
      .select("site.code as siteCode")
      .where("subject.id", "in", subjects)
      .orderBy("subject.pseudonym")
      .execute();
    return rows.map(toSnake);
  }
  if (kind === "lab-results") {
    const rows = await trx
      .selectFrom("labResult")
      .innerJoin("sample", "sample.id", "labResult.sampleId")
      .innerJoin("subject", "subject.id", "sample.subjectId")
      .selectAll("labResult")
      .select(["subject.pseudonym", "sample.drawnAt", "sample.relation", "sample.cycle"])
      .where("subject.id", "in", subjects)
      .orderBy("subject.pseudonym")
      .orderBy("sample.drawnAt")
      .orderBy("labResult.analyte")
      .execute();
    return rows.map(toSnake);
  }
  if (kind === "lesions") {
    const rows = await trx
      .selectFrom("lesion")
      .innerJoin("responseAssessment", "responseAssessment.id", "lesion.assessmentId")
      .innerJoin("subject", "subject.id", "responseAssessment.subjectId")
      .selectAll("lesion")
      .select(["subject.pseudonym", "responseAssessment.assessedOn"])
      .where("subject.id", "in", subjects)
      .orderBy("subject.pseudonym")
      .orderBy("responseAssessment.assessedOn")
      .orderBy("lesion.location")
      .execute();
    return rows.map(toSnake);
  }
  const table = entities[csvFormats[kind].entity].table;
  const rows = await entityRows(trx)
    .selectFrom(table)
    .innerJoin("subject", "subject.id", `${table}.subjectId`)
    .selectAll(table)
    .select("subject.pseudonym")
    .where("subject.id", "in", subjects)
    .orderBy("subject.pseudonym")
    .orderBy(`${table}.createdAt`)
    .execute();
  return rows.map(toSnake);
}
