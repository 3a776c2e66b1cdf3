import { type Kysely, sql } from "kysely";
import { AuditChainHeadMissing } from "./audit";
import type { Database } from "./schema";

/**
 * The locks that keep writes from racing each other's checks, held until the transaction ends.
 *
 * A write to one subject's records (her lab results, doses, signatures…) takes that subject's
 * lock, plus the all-writes lock in shared mode: writes to different subjects run side by side,
 * and writes to the same subject take turns, so a check such as "is this record signed?" or "is
 * this version current?" still holds when the write lands. Study-wide writes (studies, sites,
 * protocols, users, enrolment, which counts against the stage gate, randomization, imports)
 * take the all-writes lock exclusively: they wait for every write in progress and hold off the
 * rest, as every write did before subjects had locks of their own.
 *
 * Locks are taken in one order, the all-writes lock before a subject's, so two writes never wait
 * on each other in a circle. They are PostgreSQL advisory locks (on PGlite too), keyed by
 * (7243002, 0) for all writes and (7243003, hashtext(subject id)) per subject: two subjects whose
 * ids hash alike only share a lock.
 *
 * Both also check that the audit chain head exists, so that a write is refused (before it
 * changes anything) when its audit rows could not be sealed into the chain.
 */
const allWrites = 7243002;
const subjectWrites = 7243003;

/** Takes the all-writes lock exclusively. */
export async function lockAllWrites(trx: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ head: boolean }>`
    select pg_advisory_xact_lock(${allWrites}, 0)::text as locked,
      exists (select 1 from audit_chain_head) as head`.execute(trx);
  if (!rows[0].head) throw new AuditChainHeadMissing();
}

/**
 * Takes one subject's lock, and the all-writes lock in shared mode unless the transaction holds
 * a lock already (`sharedHeld`).
 */
export async function lockSubjectWrites(
  trx: Kysely<Database>,
  subjectId: string,
  sharedHeld: boolean,
): Promise<void> {
  const shared = sharedHeld ? sql`null` : sql`pg_advisory_xact_lock_shared(${allWrites}, 0)::text`;
  const { rows } = await sql<{ head: boolean }>`
    select ${shared} as shared,
      pg_advisory_xact_lock(${subjectWrites}, hashtext(${subjectId}))::text as locked,
      exists (select 1 from audit_chain_head) as head`.execute(trx);
  if (!rows[0].head) throw new AuditChainHeadMissing();
}
