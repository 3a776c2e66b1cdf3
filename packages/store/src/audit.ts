import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";

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

export interface Actor {
  userId: string;
  username: string;
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

// Serializes writers of the chain: each row's prev_hash must be the hash of the row before it.
const chainLock = 7243002;

const encode = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

/**
 * Appends audit rows inside the caller's transaction, extending the hash chain. The transaction
 * lock makes concurrent writers take turns, so the chain stays one line on PostgreSQL too.
 */
export async function appendAudit(
  trx: Kysely<any>,
  actor: Actor,
  occurredAt: string,
  entries: AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await sql`select pg_advisory_xact_lock(${chainLock})`.execute(trx);
  const head = await trx
    .selectFrom("auditEvent")
    .select("hash")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  let prevHash: string = head?.hash ?? genesisHash;
  const rows = entries.map((entry) => {
    const row = {
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
      prevHash,
    };
    const hash = hashOf(row);
    prevHash = hash;
    return { ...row, hash };
  });
  await trx.insertInto("auditEvent").values(rows).execute();
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

export type ChainVerdict =
  | { ok: true; rows: number }
  | { ok: false; rows: number; seq: number; message: string };

/**
 * Walks the audit trail in sequence order and checks every link. A changed row no longer hashes
 * to its stored hash; a removed or reordered row breaks the prev_hash link of the row after it.
 */
export async function verifyAuditChain(db: Kysely<any>): Promise<ChainVerdict> {
  const rows = (await db
    .selectFrom("auditEvent")
    .selectAll()
    .orderBy("seq")
    .execute()) as AuditEvent[];
  let expectedPrev = genesisHash;
  for (const [index, row] of rows.entries()) {
    if (row.prevHash !== expectedPrev) {
      return {
        ok: false,
        rows: rows.length,
        seq: row.seq,
        message: `audit row ${row.seq} does not follow the row before it: a row was removed or reordered before it`,
      };
    }
    const { seq: _seq, hash, ...content } = row;
    if (hashOf(content) !== hash) {
      return {
        ok: false,
        rows: rows.length,
        seq: row.seq,
        message: `audit row ${row.seq} was changed after it was written (its content no longer matches its hash)`,
      };
    }
    expectedPrev = hash;
    if (index === rows.length - 1) break;
  }
  return { ok: true, rows: rows.length };
}
