import { isPlainDate } from "@ciclo/trial";
import { parse } from "csv-parse/sync";
import type { Kysely } from "kysely";
import { readInstant } from "./calendar-date";
import { checkLabResult } from "./check-lab-result";
import { restoreFormula } from "./csv-cell";
import {
  type Column,
  type CsvFormat,
  camel,
  csvFormats,
  type ImportKind,
  snake,
} from "./csv-formats";
import { beforeEnrolment } from "./enrolment-rule";
import { entities } from "./entities";
import { entityRows } from "./entity-rows";
import { fail, ok, type Problem, type Result, type RowProblem } from "./problem";
import { codeProblems, type ProtocolCodes, protocolCodesOf } from "./protocol-codes";
import type { Records } from "./records";
import type { Database } from "./schema";
import { type LockingSignature, lockedBy } from "./signature-lock";
import type { Tx } from "./store";
import { unstorableText } from "./stored-text";
import { stageGateProblem, subjectArmProblem } from "./subject-arm-rule";

export interface ImportRequest {
  kind: ImportKind;
  /**
   * The CSV file, with a header row naming the columns of `csvFormats[kind]`: its bytes, which
   * must be UTF-8 (with or without a byte order mark), or text already decoded.
   */
  csv: string | Uint8Array;
  studyId: string;
  /** The sites the importing user may write to; rows of other sites are refused. */
  siteIds?: string[];
  /** Kept with every audit row of the import. */
  reason?: string;
}

export interface ImportCounts {
  kind: ImportKind;
  rows: number;
  created: Record<string, number>;
}

interface SubjectRef {
  id: string;
  siteId: string;
  enrolmentDate: string;
}

interface ReadRow {
  line: number;
  values: Record<string, unknown>;
  subject?: SubjectRef;
  /** For a lesion: the stored response assessment it belongs to. */
  assessmentId?: string;
}

type Context = {
  trx: Kysely<Database>;
  format: CsvFormat;
  request: ImportRequest;
  problems: RowProblem[];
  subjects: Map<string, SubjectRef>;
  sites: Map<string, string>;
  /** Stored response assessments by `subjectId|assessedOn`, for lesion files. */
  assessments: Map<string, string>;
  /** The codes of the study's protocol, when it has one. */
  codes: ProtocolCodes | undefined;
  /** Signatures on subjects and on response assessments, by the signed record's id. */
  locks: Map<string, LockingSignature>;
};

/**
 * Imports one CSV file, all or nothing: every row is checked first (types, unknown subjects or
 * analytes, units that cannot be converted, impossible values, dates before enrolment, duplicates
 * in the file or already stored), and if any row is bad nothing is written and the problem lists
 * every bad row. Good files are written in batches with their audit rows, in the caller's
 * transaction.
 *
 * @example
 * await store.transaction(actor, (tx) => importCsv(tx, { kind: "subjects", csv, studyId }));
 * // => { ok: false, problem: { code: "import_rejected", rows: [{ row: 3, field: "enrolment_date", message: "…" }] } }
 */
export async function importCsv(tx: Tx, request: ImportRequest): Promise<Result<ImportCounts>> {
  const format = csvFormats[request.kind];
  const trx = tx.db;
  const text = typeof request.csv === "string" ? ok(request.csv) : decodeUtf8(request.csv);
  if (!text.ok) return text;
  const parsed = parseCsv(text.value, format);
  if (!parsed.ok) return parsed;
  // What the rows are checked against (subjects, signatures, the stage gate) holds until the
  // import commits: it waits for the writes in progress and holds off the others.
  await tx.records.lockAllWrites();
  if (request.kind === "subjects") {
    // A randomized study's subjects receive their arms one by one at randomization, and a
    // stopped stage gate stops every enrolment, the import's too.
    const refused =
      (await subjectArmProblem(trx, { studyId: request.studyId, arm: "imported" }, "create")) ??
      (await stageGateProblem(trx, request.studyId));
    if (refused) return fail(refused);
  }
  const unstorable = unstorableCells(parsed.value);
  if (unstorable) return unstorable;
  const context: Context = {
    trx,
    format,
    request,
    problems: [],
    subjects: await subjectsOf(trx, request.studyId),
    sites: await sitesOf(trx, request.studyId),
    assessments: request.kind === "lesions" ? await assessmentsOf(trx, request.studyId) : new Map(),
    locks: await locksOf(trx, request.studyId),
    codes: await protocolCodesOf(trx, request.studyId),
  };
  const rows = parsed.value.map((record, index) => readRow(context, record, index + 2));
  await checkDuplicates(context, rows);
  if (context.problems.length > 0) return rejected(context.problems, rows.length);
  const created = await write(tx.records, context, rows);
  return ok({ kind: request.kind, rows: rows.length, created });
}

function rejected(problems: RowProblem[], rowCount: number) {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  const badRows = new Set(sorted.map((problem) => problem.row)).size;
  return fail({
    code: "import_rejected",
    message: `${badRows} of ${rowCount} rows have problems; nothing was imported. Correct the rows listed and import the whole file again.`,
    rows: sorted,
  });
}

const saveAsUtf8 =
  "save it as UTF-8 (in Excel: Save As, CSV UTF-8; in LibreOffice: character set Unicode (UTF-8)) and import it again";

/**
 * The file's text. Only UTF-8 is read: a file in Latin-1 or Windows-1252 would otherwise be
 * stored with its accented letters garbled. The answer names the first line that is not UTF-8.
 */
function decodeUtf8(bytes: Uint8Array): Result<string> {
  const refuse = (row: number, what: string) =>
    fail({
      code: "invalid",
      message: `the file is not UTF-8 text (${what}); ${saveAsUtf8}`,
      field: "(file)",
      rows: [{ row, field: "(file)", message: `line ${row} is not UTF-8 (${what})` }],
    });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return refuse(1, "it is UTF-16");
  }
  // Decoding strips a UTF-8 byte order mark and throws at the first byte that is not UTF-8.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    return ok(decoder.decode(bytes));
  } catch {
    let start = 0;
    for (let line = 1; ; line += 1) {
      const end = bytes.indexOf(0x0a, start);
      try {
        decoder.decode(bytes.subarray(start, end === -1 ? bytes.length : end));
      } catch {
        return refuse(line, "e.g. Latin-1 or Windows-1252 accented letters");
      }
      start = end + 1;
    }
  }
}

function parseCsv(text: string, format: CsvFormat): Result<Record<string, string>[]> {
  let records: Record<string, string>[];
  let names: string[] = [];
  try {
    records = parse(text, {
      // The header as csv-parse reads it (quotes and all), kept to check it below.
      columns: (header: string[]) => {
        names = header;
        return header;
      },
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return fail({
      code: "import_rejected",
      message: `the file is not valid CSV: ${(error as Error).message}`,
      rows: [{ row: line, field: "(file)", message: (error as Error).message }],
    });
  }
  const known = new Set(format.columns.map((column) => column.name));
  const headerProblems: RowProblem[] = [
    ...repeatedNames(names).map(([name, count]) => ({
      row: 1,
      field: name,
      message: `the column '${name}' appears ${count} times in the header; keep one`,
    })),
    ...names
      .filter((name) => !known.has(name))
      .map((name) => ({
        row: 1,
        field: name,
        message: `unknown column '${name}' for ${format.kind}; the columns are ${[...known].join(", ")}`,
      })),
    ...format.columns
      .filter((column) => column.required && !names.includes(column.name))
      .map((column) => ({
        row: 1,
        field: column.name,
        message: `the required column '${column.name}' is missing (${column.meaning})`,
      })),
  ];
  if (headerProblems.length > 0) {
    return fail({
      code: "import_rejected",
      message: "the header row does not match the format; nothing was imported",
      rows: headerProblems,
    });
  }
  if (records.length === 0) {
    return fail({
      code: "import_rejected",
      message: "the file has a header but no rows; nothing was imported",
      rows: [{ row: 2, field: "(file)", message: "add at least one row" }],
    });
  }
  return ok(records);
}

/**
 * Cells the database cannot store (a NUL, a broken character): the file is not clean text, so it
 * is refused as a bad request (400) before any row is read, naming each row and column.
 */
function unstorableCells(
  records: Record<string, string>[],
): { ok: false; problem: Problem } | undefined {
  const rows: RowProblem[] = [];
  for (const [index, record] of records.entries()) {
    for (const [column, text] of Object.entries(record)) {
      const reason = unstorableText(text);
      if (reason) rows.push({ row: index + 2, field: column, message: `${column} ${reason}` });
    }
  }
  if (rows.length === 0) return undefined;
  return fail({
    code: "invalid",
    message: `${rows.length} cells hold characters that cannot be stored; nothing was imported. Correct them and import the file again.`,
    field: rows[0].field,
    rows,
  });
}

/** Header names given more than once, with how often. */
function repeatedNames(names: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1);
}

function readRow(context: Context, record: Record<string, string>, line: number): ReadRow {
  const values: Record<string, unknown> = {};
  const problem = (field: string, message: string) =>
    context.problems.push({ row: line, field, message });
  for (const column of context.format.columns) {
    const text = record[column.name] ?? "";
    if (text === "") {
      if (column.required) problem(column.name, `${column.name} is required (${column.meaning})`);
      continue;
    }
    const value = readValue(column, text);
    if (typeof value === "object" && value !== null && "error" in value)
      problem(column.name, String(value.error));
    else values[column.name] = value;
  }
  const row: ReadRow = { line, values };
  resolveSubject(context, row, problem);
  if (context.format.kind === "lab-results") checkLabValue(row, problem);
  if (context.format.kind === "lesions") resolveAssessment(context, row, problem);
  checkEntityRules(context, row, problem);
  return row;
}

function readValue(column: Column, text: string): unknown {
  switch (column.type) {
    case "text":
      return restoreFormula(text);
    case "integer":
      return /^-?\d+$/.test(text)
        ? Number(text)
        : { error: `${column.name} '${text}' is not a whole number` };
    case "number": {
      const value = Number(text.replace(",", "."));
      return Number.isFinite(value) && text.trim() !== ""
        ? value
        : { error: `${column.name} '${text}' is not a number` };
    }
    case "boolean": {
      const lower = text.toLowerCase();
      if (["true", "yes", "1", "y"].includes(lower)) return true;
      if (["false", "no", "0", "n"].includes(lower)) return false;
      return { error: `${column.name} '${text}' is not yes/no; write true or false` };
    }
    case "date":
      return isPlainDate(text)
        ? text
        : { error: `${column.name} '${text}' is not a date; write it as YYYY-MM-DD` };
    case "instant": {
      return (
        readInstant(text) ?? {
          error: `${column.name} '${text}' is not a date-time; write it as ISO 8601, e.g. 2024-03-01T09:30:00Z`,
        }
      );
    }
  }
}

function resolveSubject(
  context: Context,
  row: ReadRow,
  problem: (field: string, message: string) => void,
) {
  const pseudonym = row.values.pseudonym as string | undefined;
  if (!pseudonym) return;
  const allowed = context.request.siteIds;
  if (context.format.kind === "subjects") {
    const siteCode = row.values.site_code as string | undefined;
    const siteId = siteCode ? context.sites.get(siteCode) : undefined;
    if (siteCode && !siteId) {
      problem(
        "site_code",
        `unknown site '${siteCode}'; use one of ${[...context.sites.keys()].join(", ")}`,
      );
    } else if (siteId && allowed && !allowed.includes(siteId)) {
      problem(
        "site_code",
        `you hold no role at site '${siteCode}'; import only subjects of your sites`,
      );
    }
    if (context.subjects.has(pseudonym)) {
      problem(
        "pseudonym",
        `subject '${pseudonym}' is already enrolled; remove the row or use another pseudonym`,
      );
    }
    return;
  }
  const subject = context.subjects.get(pseudonym);
  if (!subject) {
    problem("pseudonym", `unknown subject '${pseudonym}'; enrol her first (import subjects)`);
    return;
  }
  if (allowed && !allowed.includes(subject.siteId)) {
    problem("pseudonym", `subject '${pseudonym}' belongs to a site where you hold no role`);
    return;
  }
  row.subject = subject;
  // A signature on the subject locks all her records: an import adds none, as the API adds none.
  const lock = context.locks.get(subject.id);
  if (lock) problem("pseudonym", lockedBy(`subject '${pseudonym}'`, lock));
  for (const column of context.format.notBeforeEnrolment ?? []) {
    const message = beforeEnrolment(column, row.values[column], { pseudonym, ...subject });
    if (message) problem(column, message);
  }
}

/** A lesion belongs to a response assessment already stored for the same subject and date. */
function resolveAssessment(
  context: Context,
  row: ReadRow,
  problem: (field: string, message: string) => void,
) {
  const assessedOn = row.values.assessed_on as string | undefined;
  if (!row.subject || !assessedOn) return;
  row.assessmentId = context.assessments.get(`${row.subject.id}|${assessedOn}`);
  if (!row.assessmentId) {
    problem(
      "assessed_on",
      `no response assessment of '${row.values.pseudonym}' on ${assessedOn}; import response-assessments first`,
    );
    return;
  }
  const lock = context.locks.get(row.assessmentId);
  if (lock) {
    const assessment = `the response assessment of '${row.values.pseudonym}' on ${assessedOn}`;
    problem("assessed_on", lockedBy(assessment, lock));
  }
}

/**
 * Checks the value as every lab result is checked (catalogue analyte, convertible unit, a
 * possible value), and keeps it converted to the catalogue unit.
 */
function checkLabValue(row: ReadRow, problem: (field: string, message: string) => void) {
  const relation = row.values.relation as string | undefined;
  if (relation && !["pre", "post", "routine"].includes(relation)) {
    problem("relation", `relation '${relation}' is not one of pre, post, routine`);
  }
  const fields = ["analyte", "code", "value", "unit", "reference_low", "reference_high"];
  const result = Object.fromEntries(fields.map((name) => [camel(name), row.values[name]]));
  result.belowLimit = row.values.below_limit;
  result.missingReason = row.values.missing_reason;
  const checked = checkLabResult(result);
  if (!checked.ok) {
    for (const each of checked.problems) problem(snake(each.field), each.message);
    return;
  }
  for (const name of fields) {
    const value = checked.record[camel(name)];
    if (value !== undefined) row.values[name] = value;
  }
}

/** Runs the entity's own validation (allowed values, ranges, the protocol's codes) on the row. */
function checkEntityRules(
  context: Context,
  row: ReadRow,
  problem: (field: string, message: string) => void,
) {
  const input = entityInput(context, row, "00000000-0000-0000-0000-000000000000");
  const parsed = entities[context.format.entity].input.safeParse(input);
  const reported = new Set(
    context.problems.filter((each) => each.row === row.line).map((each) => each.field),
  );
  for (const issue of parsed.error?.issues ?? []) {
    const field = snake(String(issue.path[0] ?? "row"));
    if (!reported.has(field)) problem(field, `${field}: ${issue.message}`);
  }
  // The codes the protocol defines (arm, drug, agent), checked as the API checks them.
  const uncoded = context.codes ? codeProblems(context.codes, context.format.entity, input) : [];
  for (const each of uncoded) {
    if (!reported.has(snake(each.field))) problem(snake(each.field), each.message);
  }
}

/** Columns that describe a row's parent record (its sample, its assessment), not the row. */
const parentColumns: Partial<Record<ImportKind, string[]>> = {
  "lab-results": ["drawn_at", "relation", "cycle"],
  lesions: ["assessed_on"],
};

function entityInput(
  context: Context,
  row: ReadRow,
  placeholderId: string,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const skip = parentColumns[context.format.kind] ?? [];
  for (const [name, value] of Object.entries(row.values)) {
    if (skip.includes(name)) continue;
    if (name !== "site_code" && (context.format.kind === "subjects" || name !== "pseudonym")) {
      input[camel(name)] = value;
    }
  }
  if (context.format.kind === "lab-results") input.sampleId = placeholderId;
  else if (context.format.kind === "lesions") {
    input.assessmentId = row.assessmentId ?? placeholderId;
    input.subjectId = row.subject?.id ?? placeholderId;
  } else if (context.format.kind === "subjects") {
    input.studyId = context.request.studyId;
    input.siteId = context.sites.get(row.values.site_code as string) ?? placeholderId;
  } else input.subjectId = row.subject?.id ?? placeholderId;
  if (context.format.kind === "administrations" && input.cycle === undefined) delete input.cycle;
  return input;
}

/** Repeats within the file, and rows already stored with the same key. */
async function checkDuplicates(context: Context, rows: ReadRow[]) {
  if (context.format.kind === "subjects") {
    flagRepeats(context, rows);
    return;
  }
  const stored = await storedKeys(context);
  for (const row of rows) {
    if (stored.has(keyOf(context.format, row))) {
      context.problems.push({
        row: row.line,
        field: context.format.key.at(-1) ?? "row",
        message: `this ${context.format.kind} row is already stored (same ${context.format.key.join(", ")}); remove it from the file`,
      });
    }
  }
  flagRepeats(context, rows);
}

function flagRepeats(context: Context, rows: ReadRow[]) {
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const key = keyOf(context.format, row);
    const first = firstLine.get(key);
    if (first === undefined) firstLine.set(key, row.line);
    else {
      context.problems.push({
        row: row.line,
        field: context.format.key.at(-1) ?? "row",
        message: `duplicate of row ${first} (same ${context.format.key.join(", ")})`,
      });
    }
  }
}

function keyOf(format: CsvFormat, row: ReadRow): string {
  return JSON.stringify(format.key.map((name) => row.values[name] ?? null));
}

/** The keys already stored for the file's kind, in the file's own key shape. */
async function storedKeys(context: Context): Promise<Set<string>> {
  const { trx, format } = context;
  const byId = new Map(
    [...context.subjects.entries()].map(([pseudonym, ref]) => [ref.id, pseudonym]),
  );
  const subjectIds = [...context.subjects.values()].map((ref) => ref.id);
  if (subjectIds.length === 0) return new Set();
  const keyColumns = format.key.filter((name) => name !== "pseudonym");
  let stored: Record<string, unknown>[];
  if (format.kind === "lab-results") {
    stored = await trx
      .selectFrom("labResult")
      .innerJoin("sample", "sample.id", "labResult.sampleId")
      .select(["sample.subjectId", "sample.drawnAt", "labResult.analyte"])
      .where("sample.subjectId", "in", subjectIds)
      .execute();
  } else if (format.kind === "lesions") {
    stored = await trx
      .selectFrom("lesion")
      .innerJoin("responseAssessment", "responseAssessment.id", "lesion.assessmentId")
      .select([
        "responseAssessment.subjectId",
        "responseAssessment.assessedOn",
        "lesion.kind",
        "lesion.location",
      ])
      .where("responseAssessment.subjectId", "in", subjectIds)
      .execute();
  } else {
    stored = await entityRows(trx)
      .selectFrom(entities[format.entity].table)
      .select(["subjectId", ...keyColumns.map(camel)])
      .where("subjectId", "in", subjectIds)
      .execute();
  }
  return new Set(
    stored.map((record) =>
      JSON.stringify(
        format.key.map((name) =>
          name === "pseudonym"
            ? byId.get(record.subjectId as string)
            : (record[camel(name)] ?? null),
        ),
      ),
    ),
  );
}

async function write(
  records: Records,
  context: Context,
  rows: ReadRow[],
): Promise<Record<string, number>> {
  const reason = context.request.reason ?? `CSV import of ${context.format.kind}`;
  if (context.format.kind !== "lab-results") {
    const prepared = rows.map((row) =>
      records.newRow(withoutUndefined(entityInput(context, row, ""))),
    );
    await records.insertPrepared(context.format.entity, prepared, reason);
    return { [context.format.entity]: prepared.length };
  }
  // Rows with the same subject and draw time are results of one sample.
  const samples = new Map<string, Record<string, unknown>>();
  const results: Record<string, unknown>[] = [];
  for (const row of rows) {
    const key = `${row.subject?.id}|${row.values.drawn_at}`;
    let sample = samples.get(key);
    if (!sample) {
      sample = records.newRow({
        subjectId: row.subject?.id,
        drawnAt: row.values.drawn_at,
        relation: row.values.relation,
        cycle: row.values.cycle ?? null,
      });
      samples.set(key, sample);
    }
    const input = withoutUndefined(entityInput(context, row, ""));
    results.push(records.newRow({ ...input, sampleId: sample.id, subjectId: row.subject?.id }));
  }
  await records.insertPrepared("sample", [...samples.values()], reason);
  await records.insertPrepared("labResult", results, reason);
  return { sample: samples.size, labResult: results.length };
}

function withoutUndefined(values: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

async function subjectsOf(
  trx: Kysely<Database>,
  studyId: string,
): Promise<Map<string, SubjectRef>> {
  const rows = await trx
    .selectFrom("subject")
    .select(["id", "pseudonym", "siteId", "enrolmentDate"])
    .where("studyId", "=", studyId)
    .execute();
  return new Map(rows.map((row) => [row.pseudonym as string, row as SubjectRef]));
}

async function assessmentsOf(trx: Kysely<Database>, studyId: string): Promise<Map<string, string>> {
  const rows = await trx
    .selectFrom("responseAssessment")
    .innerJoin("subject", "subject.id", "responseAssessment.subjectId")
    .select([
      "responseAssessment.id",
      "responseAssessment.subjectId",
      "responseAssessment.assessedOn",
    ])
    .where("subject.studyId", "=", studyId)
    .execute();
  return new Map(rows.map((row) => [`${row.subjectId}|${row.assessedOn}`, row.id as string]));
}

/**
 * The signatures that lock what an import may add to: those on a subject (all her records) and
 * on a response assessment (its lesions). An import creates its samples, so none of them is signed.
 */
async function locksOf(
  trx: Kysely<Database>,
  studyId: string,
): Promise<Map<string, LockingSignature>> {
  const rows = await trx
    .selectFrom("signature")
    .innerJoin("subject", "subject.id", "signature.subjectId")
    .select([
      "signature.entity",
      "signature.recordId",
      "signature.signerName",
      "signature.signedAt",
    ])
    .where("subject.studyId", "=", studyId)
    .where("signature.entity", "in", ["subject", "responseAssessment"])
    .execute();
  return new Map(rows.map((row) => [row.recordId as string, row as LockingSignature]));
}

async function sitesOf(trx: Kysely<Database>, studyId: string): Promise<Map<string, string>> {
  const rows = await trx
    .selectFrom("site")
    .select(["id", "code"])
    .where("studyId", "=", studyId)
    .execute();
  return new Map(rows.map((row) => [row.code as string, row.id as string]));
}
