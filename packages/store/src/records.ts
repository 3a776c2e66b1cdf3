import { randomUUID } from "node:crypto";
import type { Kysely, SelectQueryBuilder } from "kysely";
import type { z } from "zod";
import { type Actor, type AuditEntry, appendAudit } from "./audit";
import { beforeEnrolment, type EnrolledSubject } from "./enrolment-rule";
import {
  type EntityDefinition,
  type EntityName,
  entities,
  entityNames,
  isEntityName,
} from "./entities";
import { type EntityTable, type EntityTables, entityRows } from "./entity-rows";
import { fail, ok, type Problem, type Result } from "./problem";
import { codeProblems, hasProtocolCodes, protocolCodesOf } from "./protocol-codes";
import type { Database } from "./schema";
import { type LockingSignature, lockedBy } from "./signature-lock";
import {
  readStudyLabResults,
  readStudyRecords,
  type StudyEntity,
  type StudyScope,
} from "./study-records";
import { stageGateProblem, subjectArmProblem } from "./subject-arm-rule";
import { lockAllWrites, lockSubjectWrites } from "./write-locks";

/** A stored record: the entity's fields plus what the store keeps for every row. */
export type StoredRecord = Record<string, unknown> & {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
};

/**
 * The sites where the writer may write, checked inside the write's own transaction at both ends
 * of it (where the record is, and where a change would put it); undefined for a writer not bound
 * to sites (the system, a trial-wide role).
 */
export type WritableSites = readonly string[];

export interface ListFilter {
  subjectId?: string;
  /** Only records of subjects at these sites (undefined: all sites). */
  siteIds?: string[];
  /** Equality filters on the entity's own fields, e.g. `{ sampleId }`. */
  where?: Record<string, string | number | boolean>;
  limit?: number;
  offset?: number;
  /** The field to order by (then creation order); creation order alone when absent. */
  sort?: { field: string; descending?: boolean };
  /** Only records whose text field contains this text, ignoring case. */
  contains?: { field: string; text: string };
}

/**
 * The generic repository of every entity in the registry. Each write version-checks, refuses
 * locked records, needs a reason where the data are clinical, and appends its audit rows in the
 * same transaction — so no entity can be written without its audit trail.
 */
export class Records {
  /** The same transaction seen through the registry, for the tables named by an entity. */
  private readonly rows: Kysely<EntityTables>;

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly actor: Actor,
    private readonly now: string,
  ) {
    this.rows = entityRows(trx);
  }

  /** The entities this transaction wrote (the store tells its commit listeners). */
  readonly written = new Set<EntityName>();

  /** The write locks this transaction holds (see write-locks.ts). */
  private writeLock: "all" | "subjects" | undefined;
  private readonly lockedSubjects = new Set<string>();

  /**
   * Takes the all-writes lock exclusively, for study-wide work: before it reads what it checks.
   * A transaction that holds subjects' locks may still take it (it then waits for the others).
   */
  async lockAllWrites(): Promise<void> {
    if (this.writeLock === "all") return;
    await lockAllWrites(this.trx);
    this.writeLock = "all";
  }

  /** Takes the lock of one subject's records: before a write to them reads what it checks. */
  private async lockSubject(subjectId: string): Promise<void> {
    if (this.writeLock === "all" || this.lockedSubjects.has(subjectId)) return;
    await lockSubjectWrites(this.trx, subjectId, this.writeLock !== undefined);
    this.writeLock = "subjects";
    this.lockedSubjects.add(subjectId);
  }

  /**
   * The lock a change to an existing record needs: her subject's for a subject's record (it
   * stays with its subject), all writes for a study-wide one.
   */
  private async lockForChange(entity: EntityName, id: string): Promise<void> {
    if (entity === "subject") return this.lockSubject(id);
    const definition: EntityDefinition = entities[entity];
    if (definition.scope !== "subject") return this.lockAllWrites();
    const row = await this.trx
      .selectFrom(definition.table)
      .select("subjectId")
      .where("id", "=", id)
      .executeTakeFirst();
    // An unknown record: the change is refused as not found, under no lock.
    if (row?.subjectId) await this.lockSubject(row.subjectId as string);
  }

  async create(
    entity: EntityName,
    input: unknown,
    reason?: string,
    sites?: WritableSites,
  ): Promise<Result<StoredRecord>> {
    const prepared = await this.prepare(entity, input, sites);
    if (!prepared.ok) return prepared;
    const [stored] = await this.insertPrepared(entity, [prepared.value], reason ?? null);
    return ok(stored);
  }

  /**
   * Validates a new record and completes it with what the store owns: id, version, times, its
   * subject (from its parent or target record), and the signer or the query's author.
   */
  async prepare(
    entity: EntityName,
    input: unknown,
    sites?: WritableSites,
  ): Promise<Result<Record<string, unknown>>> {
    const definition: EntityDefinition = entities[entity];
    const parsed = definition.input.safeParse(input);
    if (!parsed.success) return fail(invalid(parsed.error));
    const checked = checkRecord(definition, { ...(parsed.data as object) });
    if (!checked.ok) return checked;
    const values = checked.value;
    // Enrolment counts against the study's stage gate: study-wide. A subject's record: her lock.
    if (definition.scope !== "subject") await this.lockAllWrites();
    if (entity === "subject") {
      const site = await this.siteProblem(values.siteId as string, values.studyId as string, sites);
      if (site) return fail(site);
      const armProblem = await subjectArmProblem(
        this.trx,
        values as { studyId: string; arm?: unknown },
        "create",
      );
      if (armProblem) return fail(armProblem);
      const stopped = await stageGateProblem(this.trx, values.studyId as string);
      if (stopped) return fail(stopped);
    }
    let subject = await this.subjectOfNew(entity, values);
    if (subject.ok && subject.value && !this.lockedSubjects.has(subject.value)) {
      await this.lockSubject(subject.value);
      // Read again under the lock: the record it hangs from may have gone meanwhile.
      subject = await this.subjectOfNew(entity, values);
    }
    if (!subject.ok) return subject;
    const uncoded = await this.protocolCodeProblem(entity, values, {
      ...values,
      subjectId: subject.value,
    });
    if (uncoded) return fail(uncoded);
    if (subject.value) {
      if (sites) {
        const outside = outsideSites(
          await this.siteOf(entity, { subjectId: subject.value }),
          sites,
        );
        if (outside) return fail(outside);
      }
      values.subjectId = subject.value;
      const locked = await this.lockOf(entity, values, subject.value);
      if (locked) return fail(locked);
      const early = await this.beforeEnrolmentProblem(entity, values, subject.value);
      if (early) return fail(early);
    }
    const row = this.newRow(values);
    if (entity === "signature") Object.assign(row, this.signer());
    if (entity === "query") Object.assign(row, { raisedBy: this.actor.username });
    return ok(row);
  }

  /** A new row's store-owned fields around already validated values. */
  newRow(values: Record<string, unknown>): Record<string, unknown> {
    return { id: randomUUID(), ...values, version: 1, createdAt: this.now, updatedAt: this.now };
  }

  /**
   * Inserts validated rows in batches, each with its one audit row holding the whole record, in
   * the caller's transaction. Imports use it directly to write thousands of rows quickly.
   */
  async insertPrepared(
    entity: EntityName,
    rows: Record<string, unknown>[],
    reason: string | null,
  ): Promise<StoredRecord[]> {
    // Imports lock all writes before they check anything; a lone create holds its subject's lock.
    if (this.writeLock === undefined) await this.lockAllWrites();
    this.written.add(entity);
    const stored: StoredRecord[] = [];
    // PostgreSQL allows 65,535 parameters a statement; 500 rows of ≤ 30 columns stay well below.
    for (let start = 0; start < rows.length; start += 500) {
      const batch = rows.slice(start, start + 500);
      const inserted = (await this.rows
        .insertInto(entities[entity].table)
        .values(batch.map(encodeRow))
        .returningAll()
        .execute()) as StoredRecord[];
      await appendAudit(
        this.trx,
        this.actor,
        this.now,
        inserted.map((record) => ({
          action: "create" as const,
          entity,
          recordId: record.id,
          subjectId: subjectIdOf(entity, record),
          field: wholeRecord,
          oldValue: null,
          newValue: auditable(record),
          reason,
        })),
      );
      stored.push(...inserted);
    }
    return stored;
  }

  async update(
    entity: EntityName,
    id: string,
    expectedVersion: number,
    changes: unknown,
    reason: string | undefined,
    sites?: WritableSites,
  ): Promise<Result<StoredRecord>> {
    await this.lockForChange(entity, id);
    const definition: EntityDefinition = entities[entity];
    const parsed = definition.input.partial().safeParse(changes);
    if (!parsed.success) return fail(invalid(parsed.error));
    const current = await this.checkedForChange(entity, id, expectedVersion, reason, sites);
    if (!current.ok) return current;
    // Only the fields sent change: a partial schema would fill the others' defaults back in.
    const sent = pick(parsed.data, Object.keys(changes as object));
    const transition = entity === "query" ? queryTransition(current.value, sent) : undefined;
    if (transition) return fail(transition);
    // The whole record's rules see it as it would be stored, and may convert more fields than
    // were sent (a new unit changes the stored value too).
    const checked = checkRecord(definition, { ...current.value, ...sent });
    if (!checked.ok) return checked;
    const requested = checked.value;
    const changed = Object.keys(definition.input.shape).filter(
      (field) => !sameValue(current.value[field], requested[field]),
    );
    if (changed.length === 0) return ok(current.value);
    const moved = await this.moveProblem(entity, current.value, pick(requested, changed), sites);
    if (moved) return fail(moved);
    // Only the changed fields: a value the protocol defined when it was entered stays valid.
    const uncoded = await this.protocolCodeProblem(entity, pick(requested, changed), current.value);
    if (uncoded) return fail(uncoded);
    if (entity === "subject" && changed.includes("arm")) {
      const armProblem = await subjectArmProblem(
        this.trx,
        requested as { id: string; studyId: string; arm?: unknown },
        "change",
      );
      if (armProblem) return fail(armProblem);
    }
    const subjectId = current.value.subjectId as string | undefined;
    if (subjectId) {
      const early = await this.beforeEnrolmentProblem(entity, pick(requested, changed), subjectId);
      if (early) return fail(early);
    }
    this.written.add(entity);
    const stored = (await this.rows
      .updateTable(definition.table)
      .set(
        encodeRow({
          ...pick(requested, changed),
          version: expectedVersion + 1,
          updatedAt: this.now,
        }),
      )
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .returningAll()
      .executeTakeFirstOrThrow()) as StoredRecord;
    await this.audit(
      entity,
      "update",
      stored,
      changed.map((field) => ({ field, oldValue: current.value[field], newValue: stored[field] })),
      reason ?? null,
    );
    return ok(stored);
  }

  async remove(
    entity: EntityName,
    id: string,
    expectedVersion: number,
    reason: string | undefined,
    sites?: WritableSites,
  ): Promise<Result<StoredRecord>> {
    await this.lockForChange(entity, id);
    const current = await this.checkedForChange(entity, id, expectedVersion, reason, sites, true);
    if (!current.ok) return current;
    this.written.add(entity);
    await this.rows.deleteFrom(entities[entity].table).where("id", "=", id).execute();
    await this.audit(
      entity,
      "delete",
      current.value,
      [{ field: wholeRecord, oldValue: auditable(current.value), newValue: null }],
      reason ?? null,
    );
    return ok(current.value);
  }

  async get(entity: EntityName, id: string): Promise<Result<StoredRecord>> {
    const row = await this.rows
      .selectFrom(entities[entity].table)
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? ok(row as StoredRecord) : fail(notFound(entity, id));
  }

  async list(entity: EntityName, filter: ListFilter = {}): Promise<StoredRecord[]> {
    let query = this.filtered(entity, filter).selectAll();
    if (filter.sort)
      query = query.orderBy(filter.sort.field, filter.sort.descending ? "desc" : "asc");
    return (await query
      .orderBy("createdAt")
      .orderBy("id")
      .limit(filter.limit ?? 1000)
      .offset(filter.offset ?? 0)
      .execute()) as StoredRecord[];
  }

  /** How many records `list` would give with this filter and no paging. */
  async count(entity: EntityName, filter: ListFilter = {}): Promise<number> {
    const row = await this.filtered(entity, filter)
      .select((eb: any) => eb.fn.countAll().as("total"))
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }

  private filtered(entity: EntityName, filter: ListFilter) {
    const definition = entities[entity];
    let query: any = this.rows.selectFrom(definition.table);
    if (filter.subjectId) {
      query = query.where(
        definition.table === "subject" ? "id" : "subjectId",
        "=",
        filter.subjectId,
      );
    }
    if (filter.siteIds) query = this.scopeToSites(query, entity, filter.siteIds);
    for (const [field, value] of Object.entries(filter.where ?? {})) {
      query = query.where(field, "=", value);
    }
    if (filter.contains) {
      const pattern = `%${filter.contains.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where(filter.contains.field, "ilike", pattern);
    }
    return query;
  }

  /**
   * Every record of `entity` of one study's subjects (at `scope.siteIds`; all sites when
   * undefined), without the store's bookkeeping, in creation order, each with its `subjectId`
   * (a subject's row: her own id): one query, filtered by study and site in the database. The
   * report reads a whole trial this way.
   */
  async ofStudy(entity: StudyEntity, scope: StudyScope): Promise<Record<string, unknown>[]> {
    return readStudyRecords(this.trx, entity, scope);
  }

  /**
   * The lab results of one study's samples (at `scope.siteIds`), each with its sample's subject,
   * draw time, relation and cycle, without the store's bookkeeping, in creation order.
   */
  async labResultsOfStudy(scope: StudyScope): Promise<Record<string, unknown>[]> {
    return readStudyLabResults(this.trx, scope);
  }

  /** The site a record belongs to, for authorization; undefined for study-wide records. */
  async siteOf(entity: EntityName, record: Record<string, unknown>): Promise<string | undefined> {
    const scope = entities[entity].scope;
    if (scope === "site") return record.siteId as string;
    if (scope === "study") return undefined;
    const subject = await this.trx
      .selectFrom("subject")
      .select("siteId")
      .where("id", "=", record.subjectId as string)
      .executeTakeFirst();
    return subject?.siteId;
  }

  private scopeToSites<Row>(
    query: SelectQueryBuilder<EntityTables, EntityTable, Row>,
    entity: EntityName,
    siteIds: string[],
  ) {
    if (siteIds.length === 0) return query.where("id", "=", "");
    const scope = entities[entity].scope;
    if (scope === "site") return query.where("siteId", "in", siteIds);
    if (scope === "study") return query;
    return query.where(
      "subjectId",
      "in",
      this.trx.selectFrom("subject").select("id").where("siteId", "in", siteIds),
    );
  }

  private async checkedForChange(
    entity: EntityName,
    id: string,
    expectedVersion: number,
    reason: string | undefined,
    sites: WritableSites | undefined,
    removing = false,
  ): Promise<Result<StoredRecord>> {
    if (!Number.isInteger(expectedVersion) || expectedVersion < 1) {
      return fail({
        code: "invalid",
        field: "version",
        message: "give the version of the record you read (a whole number from 1)",
      });
    }
    const definition: EntityDefinition = entities[entity];
    const needsReason = definition.clinical || (removing && definition.reasonToRemove);
    if (needsReason && !reason?.trim()) {
      return fail({
        code: "reason_required",
        field: "reason",
        message: `give a reason for ${removing ? "deleting" : "changing"} this ${entity}; the audit trail keeps it`,
      });
    }
    const row = await this.rows
      .selectFrom(entities[entity].table)
      .selectAll()
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return fail(notFound(entity, id));
    const current = row as StoredRecord;
    // The record may have moved since the caller looked at its site: it is judged as it is now.
    if (outsideSites(await this.siteOf(entity, current), sites)) return fail(notFound(entity, id));
    if (current.version !== expectedVersion) {
      return fail({
        code: "stale_version",
        field: "version",
        message: `this ${entity} was changed by someone else (now version ${current.version}, you sent ${expectedVersion}); reload it and apply your change again`,
      });
    }
    const subjectId =
      (current.subjectId as string | undefined) ?? (entity === "subject" ? id : undefined);
    const locked = subjectId ? await this.lockOf(entity, current, subjectId) : undefined;
    return locked ? fail(locked) : ok(current);
  }

  /**
   * A signature locks its record and the record's parts (a signed sample its lab results, a
   * signed assessment its lesions), and a signature on the subject locks all her records.
   */
  async lockOf(
    entity: EntityName,
    record: Record<string, unknown>,
    subjectId: string,
  ): Promise<Problem | undefined> {
    if (entity === "signature" || entity === "query") return undefined;
    const definition: EntityDefinition = entities[entity];
    const parent = definition.parent;
    const signatures = await this.trx
      .selectFrom("signature")
      .select(["entity", "recordId", "signerName", "signedAt"])
      .$narrowType<LockingSignature>()
      .where("subjectId", "=", subjectId)
      .where((eb) =>
        eb.or([
          eb.and([eb("entity", "=", "subject"), eb("recordId", "=", subjectId)]),
          eb.and([eb("entity", "=", entity), eb("recordId", "=", (record.id as string) ?? "")]),
          ...(parent
            ? [
                eb.and([
                  eb("entity", "=", parent.entity),
                  eb("recordId", "=", String(record[parent.field] ?? "")),
                ]),
              ]
            : []),
        ]),
      )
      .limit(1)
      .execute();
    const signature = signatures[0];
    if (!signature) return undefined;
    return { code: "locked", message: lockedBy(`this ${entity}`, signature) };
  }

  /**
   * Why a change may not move the record, if it may not: a record stays with its subject (a
   * lab result or lesion may change to another sample or assessment of the same subject, unless
   * that one is locked), and a subject moves only to another site of her study where the writer
   * may write too.
   */
  private async moveProblem(
    entity: EntityName,
    current: StoredRecord,
    changes: Record<string, unknown>,
    sites: WritableSites | undefined,
  ): Promise<Problem | undefined> {
    const definition: EntityDefinition = entities[entity];
    const fixed = (definition.fixed ?? []).find((field) => field in changes);
    if (fixed) {
      return {
        code: "move_refused",
        field: fixed,
        message: `the ${fixed} of a ${entity} cannot change: it stays with its ${fixedWords[fixed] ?? fixed}. If it was entered for the wrong one, delete it here (with a reason) and enter it again there`,
      };
    }
    const parent = definition.parent;
    if (parent && parent.field in changes) {
      const target = await this.get(parent.entity as EntityName, changes[parent.field] as string);
      if (!target.ok) return { ...target.problem, field: parent.field };
      if (target.value.subjectId !== current.subjectId) {
        return {
          code: "move_refused",
          field: parent.field,
          message: `this ${parent.entity} belongs to another subject, and a ${entity} stays with its subject; delete it here (with a reason) and enter it again under the right ${parent.entity}`,
        };
      }
      return this.lockOf(entity, { ...current, ...changes }, current.subjectId as string);
    }
    if (entity === "subject" && "siteId" in changes) {
      return this.siteProblem(changes.siteId as string, current.studyId as string, sites);
    }
    return undefined;
  }

  /**
   * The first coded value among `values` (an arm, a drug, an anti-estrogen agent) that the
   * protocol of the study of `owner` (a subject, or a record with its `subjectId`) does not define.
   */
  private async protocolCodeProblem(
    entity: EntityName,
    values: Record<string, unknown>,
    owner: Record<string, unknown>,
  ): Promise<Problem | undefined> {
    if (!hasProtocolCodes(entity)) return undefined;
    const subject =
      entity === "subject" ? ok(owner) : await this.get("subject", String(owner.subjectId));
    const studyId = subject.ok ? subject.value.studyId : undefined;
    if (typeof studyId !== "string") return undefined;
    const codes = await protocolCodesOf(this.trx, studyId);
    const problems = codes ? codeProblems(codes, entity, values) : [];
    if (problems.length === 0) return undefined;
    return {
      code: "invalid",
      field: problems[0].field,
      message: problems.map((problem) => problem.message).join("; "),
    };
  }

  /** Whether `siteId` is a site of the study where the writer may write; a problem if not. */
  private async siteProblem(
    siteId: string,
    studyId: string,
    sites: WritableSites | undefined,
  ): Promise<Problem | undefined> {
    const site = await this.get("site", siteId);
    if (!site.ok || site.value.studyId !== studyId) {
      return {
        code: "invalid",
        field: "siteId",
        message: `no site '${siteId}' in this study; give the id of one of the study's sites`,
      };
    }
    if (sites && !sites.includes(siteId)) {
      return {
        code: "forbidden",
        field: "siteId",
        message: `you may not enter data at site ${site.value.code as string}; a subject moves only between sites where you may enter data at both`,
      };
    }
    return undefined;
  }

  /** The first of the entity's dated fields (among `values`) that precedes the enrolment. */
  private async beforeEnrolmentProblem(
    entity: EntityName,
    values: Record<string, unknown>,
    subjectId: string,
  ): Promise<Problem | undefined> {
    const fields: string[] = (entities[entity] as EntityDefinition).notBeforeEnrolment ?? [];
    const dated = fields.filter((field) => typeof values[field] === "string");
    if (dated.length === 0) return undefined;
    const subject = await this.get("subject", subjectId);
    if (!subject.ok) return undefined;
    const enrolled = subject.value as unknown as EnrolledSubject;
    for (const field of dated) {
      const message = beforeEnrolment(field, values[field], enrolled);
      if (message) return { code: "invalid", field, message };
    }
    return undefined;
  }

  /** The subject a new record belongs to: its own, its parent's, or its target record's. */
  private async subjectOfNew(
    entity: EntityName,
    values: Record<string, unknown>,
  ): Promise<Result<string | undefined>> {
    const definition = entities[entity];
    if (definition.scope !== "subject") return ok(undefined);
    if (entity === "query" || entity === "signature") {
      return this.subjectOfTarget(
        values.entity as string,
        values.recordId as string,
        entity === "signature",
      );
    }
    const parent = "parent" in definition ? definition.parent : undefined;
    if (parent) {
      const parentRow = await this.get(parent.entity as EntityName, values[parent.field] as string);
      if (!parentRow.ok) return fail({ ...parentRow.problem, field: parent.field });
      return ok(parentRow.value.subjectId as string);
    }
    const subject = await this.get("subject", values.subjectId as string);
    return subject.ok ? ok(subject.value.id) : fail({ ...subject.problem, field: "subjectId" });
  }

  /**
   * The subject of the record a query or signature targets. A signature is placed on clinical
   * data only: signing a query or another signature would sign nothing of the patient's.
   */
  private async subjectOfTarget(
    entity: string,
    recordId: string,
    clinicalOnly: boolean,
  ): Promise<Result<string>> {
    if (clinicalOnly && (!isEntityName(entity) || !entities[entity].clinical)) {
      const clinical = entityNames.filter((name) => entities[name].clinical);
      return fail({
        code: "invalid",
        field: "entity",
        message: `a signature is placed on a subject's clinical data, not on a ${entity}; name one of ${clinical.join(", ")}`,
      });
    }
    if (!isEntityName(entity) || entities[entity].scope === "study") {
      return fail({
        code: "invalid",
        field: "entity",
        message: `'${entity}' is not a subject's record; name one of subject, administration, sample, labResult, …`,
      });
    }
    const target = await this.get(entity, recordId);
    if (!target.ok) return fail({ ...target.problem, field: "recordId" });
    return ok(entity === "subject" ? target.value.id : (target.value.subjectId as string));
  }

  private signer() {
    return { signerId: this.actor.userId, signerName: this.actor.username, signedAt: this.now };
  }

  private async audit(
    entity: EntityName,
    action: AuditEntry["action"],
    record: StoredRecord,
    changes: { field: string; oldValue: unknown; newValue: unknown }[],
    reason: string | null,
  ): Promise<void> {
    await appendAudit(
      this.trx,
      this.actor,
      this.now,
      changes.map(({ field, oldValue, newValue }) => ({
        action,
        entity,
        recordId: record.id,
        subjectId: subjectIdOf(entity, record),
        field,
        oldValue: field === "passwordHash" ? "(changed)" : oldValue,
        newValue: field === "passwordHash" ? "(changed)" : newValue,
        reason,
      })),
    );
  }
}

/** What a fixed reference names, in a refusal's words. */
const fixedWords: Record<string, string> = {
  subjectId: "subject",
  studyId: "study",
  userId: "user",
  entity: "target record",
  recordId: "target record",
};

/** A problem when a record's site is outside `sites` (never when `sites` is undefined). */
function outsideSites(
  siteId: string | undefined,
  sites: WritableSites | undefined,
): Problem | undefined {
  if (!sites || siteId === undefined || sites.includes(siteId)) return undefined;
  return {
    code: "forbidden",
    field: "subjectId",
    message: "you may not enter data at this subject's site; ask for a role there",
  };
}

/** The audit `field` of a row that records a whole record's creation or deletion. */
export const wholeRecord = "*";

function subjectIdOf(entity: EntityName, record: Record<string, unknown>): string | null {
  return entity === "subject"
    ? (record.id as string)
    : ((record.subjectId as string | undefined) ?? null);
}

/** A record as the audit trail keeps it: every field but the password hash. */
function auditable(record: Record<string, unknown>): Record<string, unknown> {
  const { passwordHash, ...rest } = record;
  return passwordHash === undefined ? rest : { ...rest, passwordHash: "(set)" };
}

/** jsonb columns need their value as JSON text on both drivers. */
function encodeRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([field, value]) => [
      field,
      field === "document" && value !== null && typeof value === "object"
        ? JSON.stringify(value)
        : value,
    ]),
  );
}

function pick(values: Record<string, unknown>, fields: string[]) {
  return Object.fromEntries(
    fields.filter((field) => field in values).map((field) => [field, values[field]]),
  );
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const queryFlow: Record<string, string[]> = {
  open: ["open", "answered", "closed"],
  answered: ["answered", "open", "closed"],
  closed: ["closed"],
};

/** A query moves open → answered → closed (a data manager may also re-open an answered one). */
function queryTransition(
  current: StoredRecord,
  requested: Record<string, unknown>,
): Problem | undefined {
  const to = requested.status as string | undefined;
  if (!to) return undefined;
  const from = current.status as string;
  if (queryFlow[from]?.includes(to)) {
    if (to === "answered" && !(requested.answer ?? current.answer)) {
      return { code: "invalid", field: "answer", message: "give the answer to the query" };
    }
    return undefined;
  }
  return {
    code: "invalid",
    field: "status",
    message: `a ${from} query cannot become ${to}; a query goes open → answered → closed`,
  };
}

/** Runs the entity's whole-record rule, reporting every problem with the first one's field. */
function checkRecord(
  definition: EntityDefinition,
  record: Record<string, unknown>,
): Result<Record<string, unknown>> {
  if (!definition.check) return ok(record);
  const checked = definition.check(record);
  if (checked.ok) return ok(checked.record);
  return fail({
    code: "invalid",
    field: checked.problems[0]?.field,
    message: checked.problems.map((problem) => `${problem.field}: ${problem.message}`).join("; "),
  });
}

export function notFound(entity: string, id: string): Problem {
  return { code: "not_found", message: `no ${entity} with id '${id}'` };
}

export function invalid(error: z.ZodError): Problem {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || undefined;
  const message = error.issues
    .map((each) => `${each.path.join(".") || "body"}: ${each.message}`)
    .join("; ");
  return { code: "invalid", field, message };
}
