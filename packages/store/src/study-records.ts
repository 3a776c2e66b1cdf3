import { type Kysely, type RawBuilder, sql } from "kysely";
import { camel, snake } from "./csv-formats";
import { type EntityName, entities } from "./entities";
import type { Database } from "./schema";

/** The entities a study's analyses read, each kept on a subject of the study. */
export type StudyEntity = "subject" | "administration" | "sample" | "progression" | "followUp";

/** Which records of a study to read: all its sites when `siteIds` is undefined. */
export interface StudyScope {
  studyId: string;
  siteIds?: string[];
}

/**
 * Every record of one entity of a study (limited to the subjects of `siteIds`), without the
 * store's bookkeeping (id, version, times), by subject: the subjects in their creation order, and
 * each subject's records in creation order (the subjects themselves thus in creation order).
 * Each row has its subject's id as `subjectId`, a subject's row too. The subjects are read in
 * keyset chunks on the index of (study, creation time, id), and each subject's records from the
 * index of (subject, creation time, id), so the cost is linear in the study's rows whatever else
 * the store holds, and no reply sorts more than one subject's records.
 */
export async function readStudyRecords(
  trx: Kysely<Database>,
  entity: StudyEntity,
  scope: StudyScope,
): Promise<Record<string, unknown>[]> {
  const table = entities[entity].table;
  const fields = (await clinicalColumns(trx, entity)).map((column) =>
    field(column, sql.ref(`own.${column.name}`)),
  );
  // Every row names its subject; a subject's own row names her by her id.
  if (entity === "subject") fields.push(field({ name: "subject_id" }, sql.ref("own.id")));
  const owner = entity === "subject" ? "id" : "subject_id";
  return readBySubject(
    trx,
    scope,
    (subjectId) => sql`select json_agg(record order by own.created_at, own.id)
      from ${sql.table(table)} as own cross join lateral ${record(fields)}
      where own.${sql.raw(owner)} = ${subjectId}`,
  );
}

/**
 * The lab results of a study's samples (limited to the subjects of `siteIds`), each with its
 * sample's subject, draw time, relation to IL-2 and cycle joined in the database, without the
 * store's bookkeeping, by subject as `readStudyRecords` orders them. A result is read when its
 * sample belongs to a subject of the study at those sites and, as `Records.list` scopes it, its
 * own subject is at one of those sites.
 */
export async function readStudyLabResults(
  trx: Kysely<Database>,
  scope: StudyScope,
): Promise<Record<string, unknown>[]> {
  const own = (await clinicalColumns(trx, "labResult")).map((column) =>
    column.name === "subject_id"
      ? field(column, sql.ref("sample.subject_id"))
      : field(column, sql.ref(`own.${column.name}`)),
  );
  const sample = (await clinicalColumns(trx, "sample"))
    .filter((column) => ["drawn_at", "relation", "cycle"].includes(column.name))
    .map((column) => field(column, sql.ref(`sample.${column.name}`)));
  const atSites = scope.siteIds
    ? sql`and own.subject_id in (${subjectsOf(trx, { siteIds: scope.siteIds })})`
    : sql``;
  // Each sample's results from the index on sample_id, whatever the planner guesses of tables
  // never analyzed (PGlite has no autovacuum): `offset 0` keeps the lateral read per sample.
  return readBySubject(
    trx,
    scope,
    (subjectId) => sql`select json_agg(record order by own.created_at, own.id)
      from sample cross join lateral
          (select * from lab_result where lab_result.sample_id = sample.id offset 0) as own
        cross join lateral ${record([...own, ...sample])}
      where sample.subject_id = ${subjectId} ${atSites}`,
  );
}

/** The ids of the subjects of a study (or of any study) at the scope's sites. */
function subjectsOf(trx: Kysely<Database>, { studyId, siteIds }: Partial<StudyScope>) {
  let subjects = trx.selectFrom("subject").select("subject.id");
  if (studyId !== undefined) subjects = subjects.where("subject.studyId", "=", studyId);
  // No site at all reads nothing, as `Records.list` scopes it.
  if (siteIds) subjects = subjects.where("subject.siteId", "in", siteIds.length ? siteIds : [""]);
  return subjects;
}

/** Subjects a statement: each reply holds their records as one JSON text per subject. */
const chunkSubjects = 500;

/**
 * The records `ofSubject` gives (a statement whose one value is a JSON array of one subject's
 * records) for every subject of the scope, subject after subject in creation order. The
 * subjects come in keyset chunks of 500, (created_at, id) after the last one read; each chunk is
 * one statement that returns one JSON text per subject, so a driver reads one text per subject
 * instead of every field of every row (PGlite took 10 s to hand over the 347,028 lab results of
 * 1,000 patients field by field, 3-5 s as JSON).
 */
async function readBySubject(
  trx: Kysely<Database>,
  scope: StudyScope,
  ofSubject: (subjectId: RawBuilder<unknown>) => RawBuilder<unknown>,
): Promise<Record<string, unknown>[]> {
  const records: Record<string, unknown>[] = [];
  let after: { createdAt: string; id: string } | undefined;
  for (;;) {
    let chunk = subjectsOf(trx, scope)
      .select("subject.createdAt")
      .orderBy("subject.createdAt")
      .orderBy("subject.id")
      .limit(chunkSubjects);
    if (after) {
      const { createdAt, id } = after;
      chunk = chunk.where(sql<boolean>`(subject.created_at, subject.id) > (${createdAt}, ${id})`);
    }
    const { rows } = await sql<{ id: string; createdAt: string; records: string | null }>`
      select chunk.id, chunk.created_at, (${ofSubject(sql.ref("chunk.id"))})::text as records
      from (${chunk}) as chunk order by chunk.created_at, chunk.id`.execute(trx);
    for (const row of rows)
      if (row.records)
        for (const each of JSON.parse(row.records) as Record<string, unknown>[]) records.push(each);
    if (rows.length < chunkSubjects) return records;
    after = rows[rows.length - 1];
  }
}

interface Column {
  name: string;
  type?: string;
}

/**
 * The entity's columns in table order, less the store's bookkeeping: the fields a `selectAll`
 * row keeps once the bookkeeping is dropped, without reading the timestamps of every row.
 */
async function clinicalColumns(trx: Kysely<Database>, entity: EntityName): Promise<Column[]> {
  const { rows } = await sql<Column>`select column_name as name, data_type as type
    from information_schema.columns
    where table_schema = current_schema() and table_name = ${snake(entities[entity].table)}
    order by ordinal_position`.execute(trx);
  return rows.filter((column) => !bookkeeping.includes(column.name));
}

/** The columns of `systemFields`. */
const bookkeeping = ["id", "version", "created_at", "updated_at"];

/**
 * One field of a record: its value as the drivers read it — an instant as ISO text in UTC with
 * milliseconds, as `Date.prototype.toISOString` writes it; a date stays 'YYYY-MM-DD' — named in
 * camelCase, as the query builder names columns (quoted as it is: the builder would snake_case
 * an alias).
 */
function field(column: Column, value: RawBuilder<unknown>): RawBuilder<unknown> {
  const name = camel(column.name);
  if (!/^[a-zA-Z0-9]+$/.test(name)) throw new Error(`column name '${column.name}' is not plain`);
  const read =
    column.type === "timestamp with time zone"
      ? sql`to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : value;
  return sql`${read} as ${sql.raw(`"${name}"`)}`;
}

/**
 * The record of each row: a row of named fields, which the database writes as one JSON object
 * (a fifth cheaper than json_build_object, which looks up each value's type on every row).
 */
function record(fields: RawBuilder<unknown>[]) {
  return sql`(select ${sql.join(fields)})`.as("record");
}
