import { type Expression, type Kysely, type RawBuilder, sql } from "kysely";
import { camel, snake } from "./csv-formats";
import { type EntityName, entities } from "./entities";
import { entityRows } from "./entity-rows";
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
 * store's bookkeeping (id, version, times), in creation order, as `Records.list` pages them.
 * Each row has its subject's id as `subjectId`, a subject's row too. One query filters by study
 * and site in the database, so the cost is linear in the study's rows whatever else the store
 * holds.
 */
export async function readStudyRecords(
  trx: Kysely<Database>,
  entity: StudyEntity,
  scope: StudyScope,
): Promise<Record<string, unknown>[]> {
  const table = entities[entity].table;
  const fields = (await clinicalColumns(trx, entity)).map((column) =>
    field(column, sql.ref(`${table}.${column.name}`)),
  );
  // Every row names its subject; a subject's own row names her by her id.
  if (entity === "subject") fields.push(field({ name: "subject_id" }, sql.ref("subject.id")));
  const owner = entity === "subject" ? "subject.id" : `${table}.subjectId`;
  const query = entityRows(trx)
    .selectFrom(table)
    .crossJoinLateral(record(fields))
    .select([numbered(table), recordColumn])
    .where(owner, "in", subjectsOf(trx, scope));
  return readInChunks(trx, query);
}

/**
 * The lab results of a study's samples (limited to the subjects of `siteIds`), each with its
 * sample's subject, draw time, relation to IL-2 and cycle joined in the database, without the
 * store's bookkeeping, in the results' creation order. A result is read when its sample belongs
 * to a subject of the study at those sites and, as `Records.list` scopes it, its own subject is
 * at one of those sites.
 */
export async function readStudyLabResults(
  trx: Kysely<Database>,
  scope: StudyScope,
): Promise<Record<string, unknown>[]> {
  const own = (await clinicalColumns(trx, "labResult")).map((column) =>
    column.name === "subject_id"
      ? field(column, sql.ref("sample.subjectId"))
      : field(column, sql.ref(`labResult.${column.name}`)),
  );
  const sample = (await clinicalColumns(trx, "sample"))
    .filter((column) => ["drawn_at", "relation", "cycle"].includes(column.name))
    .map((column) => field(column, sql.ref(`sample.${column.name}`)));
  let query = trx
    .selectFrom("labResult")
    .innerJoin("sample", "sample.id", "labResult.sampleId")
    .crossJoinLateral(record([...own, ...sample]))
    .select([numbered("labResult"), recordColumn])
    .where("sample.subjectId", "in", subjectsOf(trx, scope));
  if (scope.siteIds)
    query = query.where("labResult.subjectId", "in", subjectsOf(trx, { siteIds: scope.siteIds }));
  return readInChunks(trx, query);
}

/** The ids of the subjects of a study (or of any study) at the scope's sites. */
function subjectsOf(trx: Kysely<Database>, { studyId, siteIds }: Partial<StudyScope>) {
  let subjects = trx.selectFrom("subject").select("subject.id");
  if (studyId !== undefined) subjects = subjects.where("subject.studyId", "=", studyId);
  // No site at all reads nothing, as `Records.list` scopes it.
  if (siteIds) subjects = subjects.where("subject.siteId", "in", siteIds.length ? siteIds : [""]);
  return subjects;
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

/** The lateral `record` selected whole, as one column. */
const recordColumn = sql.ref("record").as("record");

/** The row's place in creation order, as `Records.list` orders rows. */
function numbered(table: string) {
  return sql`row_number() over (order by ${sql.ref(`${table}.createdAt`)}, ${sql.ref(
    `${table}.id`,
  )})`.as("place");
}

/** Records per JSON chunk: each chunk's text stays a few megabytes. */
const chunkRecords = 20_000;
/** Chunks fetched from the cursor at a time. */
const fetchChunks = 5;
let cursors = 0;

/**
 * The records of `query` (columns `place` and `record`) in order of `place`. The database
 * writes them as JSON, 20,000 to a chunk, read through a cursor in the caller's transaction:
 * a driver reads one text per chunk instead of every field of every row (PGlite took 10 s to
 * hand over the 347,028 lab results of 1,000 patients field by field, 3-5 s as JSON), and no
 * reply holds more than five chunks.
 */
async function readInChunks(
  trx: Kysely<Database>,
  query: Expression<unknown>,
): Promise<Record<string, unknown>[]> {
  const cursor = sql.raw(`study_records_${++cursors}`);
  const chunk = sql`(numbered.place - 1) / ${sql.lit(chunkRecords)}`;
  await sql`declare ${cursor} no scroll cursor for
    select json_agg(numbered.record order by numbered.place)::text as records
    from (${query}) as numbered group by ${chunk} order by ${chunk}`.execute(trx);
  const records: Record<string, unknown>[] = [];
  for (;;) {
    const fetched = await sql<{ records: string }>`fetch forward ${sql.lit(
      fetchChunks,
    )} from ${cursor}`.execute(trx);
    for (const row of fetched.rows)
      for (const each of JSON.parse(row.records) as Record<string, unknown>[]) records.push(each);
    if (fetched.rows.length < fetchChunks) break;
  }
  await sql`close ${cursor}`.execute(trx);
  return records;
}
