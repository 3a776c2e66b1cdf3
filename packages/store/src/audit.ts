import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { type AuditCheckpoint, type ChainHead, readCheckpoint } from "./audit-checkpoint";
import type { Role } from "./entities";
import type { Database } from "./schema";

/** One field's change, as the audit trail keeps it. */
export interface AuditEntry {
  action: "create" | "update" | "delete";
  entity: string;
  recordId: string;
  subjectId: string | null;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
}

/** Who does a piece of work; the audit trail keeps the user's id and name with every change. */
export interface Actor {
  userId: string;
  username: string;
  /** The role the user acts in, when the caller knows it. */
  role?: Role;
  /** The site the user acts for; null or absent for study-wide work. */
  siteId?: string | null;
}

export interface AuditEvent {
  seq: number;
  occurredAt: string;
  actorId: string;
  actorName: string;
  action: string;
  entity: string;
  recordId: string;
  subjectId: string | null;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
  prevHash: string;
  hash: string;
}

/** The hash before the first row of the chain. */
export const genesisHash = "0".repeat(64);

const encode = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

/**
 * The chain's head row is gone (only a database superuser can delete it): no audited write can
 * be made until it is restored, so the store refuses them instead of starting a second chain.
 */
export class AuditChainHeadMissing extends Error {
  readonly code = "audit_chain_head_missing";
  constructor() {
    super(
      "the audit chain head row is missing, so no change can be audited; run `ciclo audit verify` and restore the database from a backup",
    );
  }
}

/**
 * Audit rows written by transactions that have not been sealed yet, by transaction object: the
 * store seals after the commit of a transaction found here. (A WeakSet of the live transaction
 * objects, so nothing outlives its transaction.)
 */
const unsealedIn = new WeakSet<object>();

/** Whether the transaction `trx` appended audit rows, which its commit must then seal. */
export const appendedAudit = (trx: object): boolean => unsealedIn.has(trx);

/**
 * Appends audit rows inside the caller's transaction, so that a write and its audit record
 * commit together. They go to `audit_pending`, in no order and without any lock: concurrent
 * writers never wait for each other here. `sealAuditTrail`, run by the store after the commit,
 * moves them into the hash chain.
 */
export async function appendAudit(
  trx: Kysely<Database>,
  actor: Actor,
  occurredAt: string,
  entries: AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((entry) => ({
    occurredAt,
    actorId: actor.userId,
    actorName: actor.username,
    action: entry.action,
    entity: entry.entity,
    recordId: entry.recordId,
    subjectId: entry.subjectId,
    field: entry.field,
    oldValue: encode(entry.oldValue),
    newValue: encode(entry.newValue),
    reason: entry.reason,
  }));
  await trx.insertInto("auditPending").values(rows).execute();
  unsealedIn.add(trx);
}

/**
 * A value that changes with every committed audited write (every clinical write is audited):
 * the chain head's sequence number with the newest pending row's id. Caches of derived data
 * compare it to know whether anything was written since they were filled, whichever process
 * wrote it.
 *
 * @example
 * await auditTrailVersion(tx.db); // => "1234/1240"
 */
export async function auditTrailVersion(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ head: number | null; pending: number | null }>`
    select (select seq from audit_chain_head where id = 1) as head,
      (select max(id) from audit_pending) as pending`.execute(db);
  return `${rows[0]?.head ?? "none"}/${rows[0]?.pending ?? 0}`;
}

/** Rows a sealing transaction chains at most, so that one transaction stays short. */
const sealBatch = 2000;

/**
 * Seals the committed audit rows waiting in `audit_pending`: under the chain head's row lock
 * (held only for this short transaction), chains them after the head in the order they were
 * written, inserts them into `audit_event` with their hashes, removes them from `audit_pending`
 * and advances the head. Loops until none are left; returns the new head (undefined when there
 * was nothing to seal).
 *
 * One sealing pass chains the rows of every transaction committed before it, so concurrent
 * writers share it (the store runs one pass at a time and lets waiting writers join the next).
 * Throws `AuditChainHeadMissing` when the head row is gone.
 *
 * O(rows) time; O(sealBatch) memory.
 *
 * @example
 * await sealAuditTrail(store.db); // => { seq: 1235, hash: "9f…" }
 */
export async function sealAuditTrail(db: Kysely<Database>): Promise<ChainHead | undefined> {
  let sealed: ChainHead | undefined;
  for (;;) {
    const waiting = await db.selectFrom("auditPending").select("id").limit(1).execute();
    if (waiting.length === 0) return sealed;
    const { head, count } = await db.transaction().execute(async (trx) => {
      const head = await lockAuditChain(trx);
      const pending = await trx
        .selectFrom("auditPending")
        .selectAll()
        .orderBy("id")
        .limit(sealBatch)
        .execute();
      if (pending.length === 0) return { head: undefined, count: 0 };
      let prevHash = head.hash;
      const rows = pending.map(({ id: _id, ...content }) => {
        const row = { ...(content as Omit<Hashed, "prevHash">), prevHash };
        const hash = hashOf(row);
        prevHash = hash;
        return { ...row, action: content.action, hash };
      });
      const inserted = await trx.insertInto("auditEvent").values(rows).returning("seq").execute();
      const lastSeq = Math.max(...inserted.map((row) => Number(row.seq)));
      await trx
        .deleteFrom("auditPending")
        .where(
          "id",
          "in",
          pending.map((row) => row.id),
        )
        .execute();
      await trx
        .updateTable("auditChainHead")
        .set({ seq: lastSeq, hash: prevHash })
        .where("id", "=", 1)
        .execute();
      return { head: { seq: lastSeq, hash: prevHash }, count: pending.length };
    });
    sealed = head ?? sealed;
    if (count < sealBatch) return sealed;
  }
}

/**
 * Takes the chain's head row for this transaction and returns it: the sealing step's lock, so
 * that sealers (of this process or another) take turns.
 */
async function lockAuditChain(trx: Kysely<Database>): Promise<ChainHead> {
  const head = (await trx
    .selectFrom("auditChainHead")
    .select(["seq", "hash"])
    .where("id", "=", 1)
    .forUpdate()
    .executeTakeFirst()) as ChainHead | undefined;
  if (!head) throw new AuditChainHeadMissing();
  return head;
}

type Hashed = Omit<AuditEvent, "seq" | "hash">;

/** SHA-256 over the row's content in a fixed field order, chained to the previous hash. */
export function hashOf(row: Hashed): string {
  const canonical = JSON.stringify([
    row.occurredAt,
    row.actorId,
    row.actorName,
    row.action,
    row.entity,
    row.recordId,
    row.subjectId,
    row.field,
    row.oldValue,
    row.newValue,
    row.reason,
    row.prevHash,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/**
 * The verdict on the chain. `pending` (only when there are some) counts audit rows committed
 * with their writes but not sealed into the chain yet: a writer seals right after its commit,
 * so they are rows of writes finishing at this moment, or of a process that stopped between its
 * commit and its seal. They are not covered by the chain until sealed, and are not counted in
 * `rows`; the store's `verifyAuditChain` seals them first.
 */
export type ChainVerdict =
  | { ok: true; rows: number; checkpoint?: ChainHead; pending?: number }
  | { ok: false; rows: number; seq: number; message: string };

/**
 * Walks the sealed audit trail in sequence order and checks every link. A changed row no longer hashes
 * to its stored hash; a removed or reordered row breaks the prev_hash link of the row after it;
 * removing the newest rows leaves the last row short of the recorded chain head, and short of
 * the signed checkpoint outside the database (which tells even when the head row went too).
 *
 * Reads the rows in pages of 5,000 in sequence order; O(n) time, O(page) memory.
 *
 * @example
 * await verifyAuditChain(store.db); // => { ok: true, rows: 1234 }
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  checkpoint?: AuditCheckpoint,
): Promise<ChainVerdict> {
  const recorded = checkpoint ? await readCheckpoint(checkpoint) : undefined;
  const checkpointSeq = recorded && "head" in recorded ? recorded.head.seq : undefined;
  let hashAtCheckpoint: string | undefined;
  let expectedPrev = genesisHash;
  let rows = 0;
  let last: AuditEvent | undefined;
  // In pages by sequence number, so that a long trail never sits in memory whole.
  for (;;) {
    const page = (await db
      .selectFrom("auditEvent")
      .selectAll()
      .where("seq", ">", last?.seq ?? 0)
      .orderBy("seq")
      .limit(verifyPageSize)
      .execute()) as AuditEvent[];
    for (const row of page) {
      rows += 1;
      const broken = brokenLink(row, expectedPrev);
      if (broken) return { ok: false, rows, seq: row.seq, message: broken };
      if (row.seq === checkpointSeq) hashAtCheckpoint = row.hash;
      expectedPrev = row.hash;
    }
    last = page.at(-1) ?? last;
    if (page.length < verifyPageSize) break;
  }
  const seq = last?.seq ?? 0;
  if (recorded && "problem" in recorded) return { ok: false, rows, seq, message: recorded.problem };
  if (recorded) {
    const behind = checkpointProblem(recorded.head, seq, hashAtCheckpoint);
    if (behind) return { ok: false, rows, seq, message: behind };
  }
  const verdict = await checkHead(db, rows, last);
  if (!verdict.ok) return verdict;
  const pending = await pendingCount(db);
  return {
    ...verdict,
    ...(recorded ? { checkpoint: recorded.head } : {}),
    ...(pending > 0 ? { pending } : {}),
  };
}

/** Audit rows committed but not sealed into the chain yet. */
async function pendingCount(db: Kysely<Database>): Promise<number> {
  const [{ count }] = await db
    .selectFrom("auditPending")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .execute();
  return Number(count);
}

/** The chain must reach the signed checkpoint, with the very row it recorded. */
function checkpointProblem(
  head: ChainHead,
  lastSeq: number,
  hashAtCheckpoint: string | undefined,
): string | undefined {
  if (head.seq > lastSeq) {
    return `the newest audit rows after row ${lastSeq} were removed: the checkpoint outside the database records row ${head.seq}`;
  }
  if (head.seq > 0 && hashAtCheckpoint !== head.hash) {
    return `audit row ${head.seq} is not the row the checkpoint outside the database recorded: the trail was rewritten`;
  }
  return undefined;
}

const verifyPageSize = 5000;

/** Why a row does not continue the chain, or undefined when it does. */
function brokenLink(row: AuditEvent, expectedPrev: string): string | undefined {
  if (row.prevHash !== expectedPrev) {
    return `audit row ${row.seq} does not follow the row before it: a row was removed or reordered before it`;
  }
  const { seq: _seq, hash, ...content } = row;
  if (hashOf(content) !== hash) {
    return `audit row ${row.seq} was changed after it was written (its content no longer matches its hash)`;
  }
  return undefined;
}

/** The last row must be the head recorded by the last writer, or rows were removed or added. */
async function checkHead(
  db: Kysely<Database>,
  rows: number,
  last: AuditEvent | undefined,
): Promise<ChainVerdict> {
  const head = (await db
    .selectFrom("auditChainHead")
    .select(["seq", "hash"])
    .where("id", "=", 1)
    .executeTakeFirst()) as { seq: number; hash: string } | undefined;
  const lastHash = last?.hash ?? genesisHash;
  if (!head) {
    const message = "the audit chain head row is missing: it was deleted outside Ciclo";
    return { ok: false, rows, seq: last?.seq ?? 0, message };
  }
  if (head.hash === lastHash && head.seq === (last?.seq ?? head.seq)) {
    return { ok: true, rows };
  }
  const seq = last?.seq ?? 0;
  const message =
    head.seq > seq
      ? `the newest audit rows after row ${seq} were removed: the chain head records row ${head.seq}`
      : `audit row ${seq} is not the chain head the store recorded (row ${head.seq}): rows were added or the head was changed outside the store`;
  return { ok: false, rows, seq, message };
}
