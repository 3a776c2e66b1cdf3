import { resolve } from "node:path";
import type { Kysely } from "kysely";
import { Accounts } from "./accounts";
import {
  type Actor,
  type AuditEvent,
  appendedAudit,
  type ChainVerdict,
  sealAuditTrail,
  verifyAuditChain,
} from "./audit";
import {
  type AuditCheckpoint,
  type ChainHead,
  checkpointAt,
  checkpointInDataDir,
  checkpointWriter,
} from "./audit-checkpoint";
import { type DatabaseLocation, type OpenedDatabase, openDatabase } from "./database";
import type { Problem } from "./problem";
import { Records } from "./records";
import type { Database } from "./schema";

export interface StoreOptions extends DatabaseLocation {
  /** The current instant; tests pass a fixed clock. */
  clock?: () => Date;
  /**
   * Where the signed audit checkpoint lives. Defaults to a file in the PGlite data directory, or
   * for PostgreSQL to the path in CICLO_AUDIT_CHECKPOINT (none when unset).
   */
  auditCheckpointFile?: string;
}

/** What a transaction's work sees: the repositories, all bound to the same transaction. */
export interface Tx {
  records: Records;
  accounts: Accounts;
  audit: AuditTrail;
  /** The transaction's query builder, for reads the repositories do not offer. */
  db: Kysely<Database>;
  /** The instant of this transaction, as stored in its rows (UTC ISO). */
  now: string;
  /** Who does this transaction's work, as its audit rows name her. */
  actor: Actor;
}

export interface Store {
  readonly engine: "pglite" | "postgres";
  /**
   * Runs `work` in one transaction. If it returns `{ ok: false, problem }` or throws, everything
   * it wrote is rolled back — so an import that finds a bad row half-way writes nothing.
   */
  transaction<T>(actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` after each commit of this store (this process) with what the transaction
   * wrote: the entities written through `tx.records`, and "session" when it ended sessions.
   * Caches of this process drop what the write made stale; returns the unsubscribe function.
   */
  onCommit(listener: (written: ReadonlySet<string>) => void): () => void;
  /** Checks the audit chain, against the signed checkpoint outside the database when there is one. */
  verifyAuditChain(): Promise<ChainVerdict>;
  /** Where the signed audit checkpoint is kept, if anywhere. */
  readonly auditCheckpoint?: AuditCheckpoint;
  /**
   * A copy of an embedded store's data directory as a tarball (gzipped when asked): tests clone
   * it, `ciclo backup` keeps it, `restoreDataDirectory` brings it back.
   */
  dump(compression?: "none" | "gzip"): Promise<Blob>;
  close(): Promise<void>;
  /** For maintenance and tests only: the query builder outside any repository. */
  readonly db: Kysely<Database>;
}

/** The actor of work the system does on its own behalf (migrations, demo seeding). */
export const systemActor: Actor = { userId: "system", username: "system" };

class Rollback extends Error {
  constructor(readonly outcome: unknown) {
    super("rolled back because the work returned a problem");
  }
}

const isProblemOutcome = (value: unknown): value is { ok: false; problem: Problem } =>
  typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;

/**
 * Opens the store: PostgreSQL when `databaseUrl` is given, otherwise embedded PGlite in
 * `dataDir` (or in memory). Migrations run on open.
 *
 * @example
 * const store = await openStore({ dataDir: "./.ciclo/data" });
 * await store.transaction(actor, (tx) => tx.records.create("site", { studyId, code: "PI", name: "Pisa" }));
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  return storeOn(
    await openDatabase(options),
    options.clock ?? (() => new Date()),
    checkpointOf(options),
  );
}

function checkpointOf(options: StoreOptions): AuditCheckpoint | undefined {
  const file =
    options.auditCheckpointFile ??
    (options.databaseUrl ? process.env.CICLO_AUDIT_CHECKPOINT : undefined);
  if (file) return checkpointAt(resolve(file));
  return options.dataDir && !options.databaseUrl
    ? checkpointInDataDir(resolve(options.dataDir))
    : undefined;
}

/** The store over an opened, migrated database (tests bring their own). */
export function storeOn(
  database: OpenedDatabase,
  clock: () => Date,
  checkpoint?: AuditCheckpoint,
): Store {
  const writeCheckpoint = checkpoint ? checkpointWriter(checkpoint) : undefined;
  const seal = sealer(database.db, writeCheckpoint);
  const listeners = new Set<(written: ReadonlySet<string>) => void>();
  return {
    engine: database.engine,
    db: database.db,
    auditCheckpoint: checkpoint,
    transaction: async (actor, work) => {
      const { outcome, audited, written } = await runTransaction(database, clock, actor, work);
      if (written.size > 0) for (const listener of listeners) listener(written);
      if (audited) await seal();
      return outcome;
    },
    onCommit: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    verifyAuditChain: async () => {
      // Rows of finished writes are sealed first; a broken chain or head is the verdict's to tell.
      await seal().catch(() => undefined);
      return verifyAuditChain(database.db, checkpoint);
    },
    dump: (compression = "none") => dumpDatabase(database, compression),
    close: () => database.close(),
  };
}

/**
 * Seals the audit rows of committed writes into the chain (`sealAuditTrail`) and writes the new
 * head to the signed checkpoint. A writer calls it after its commit and returns once its rows
 * are sealed. One pass runs at a time: writers that commit while it runs share the next pass,
 * which starts when it ends and seals all their rows at once. That keeps the chain's lock to
 * one short transaction per batch of writes instead of one held through every write.
 */
function sealer(
  db: Kysely<Database>,
  writeCheckpoint: ((head: ChainHead) => Promise<void>) | undefined,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const pass = async () => {
    const head = await sealAuditTrail(db);
    if (head && writeCheckpoint) await writeCheckpoint(head);
  };
  const seal = (): Promise<void> => {
    if (!running) {
      running = pass().finally(() => {
        running = undefined;
      });
      return running;
    }
    // The running pass may have looked before this writer's commit: it joins the next one.
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return seal();
      });
    return next;
  };
  return seal;
}

/** Runs the work; `audited` when it committed audit rows, which must then be sealed. */
async function runTransaction<T>(
  database: OpenedDatabase,
  clock: () => Date,
  actor: Actor,
  work: (tx: Tx) => Promise<T>,
): Promise<{ outcome: T; audited: boolean; written: ReadonlySet<string> }> {
  let audited = false;
  const written = new Set<string>();
  try {
    const outcome = await database.db.transaction().execute(async (trx) => {
      const now = clock().toISOString();
      const records = new Records(trx, actor, now);
      const accounts = new Accounts(trx);
      const tx: Tx = {
        records,
        accounts,
        audit: new AuditTrail(trx),
        db: trx,
        now,
        actor,
      };
      const outcome = await work(tx);
      if (isProblemOutcome(outcome)) throw new Rollback(outcome);
      audited = appendedAudit(trx);
      for (const entity of records.written) written.add(entity);
      if (accounts.endedSessions) written.add("session");
      return outcome;
    });
    return { outcome, audited, written };
  } catch (error) {
    if (error instanceof Rollback) return { outcome: error.outcome as T, audited: false, written };
    throw error;
  }
}

async function dumpDatabase(database: OpenedDatabase, compression: "none" | "gzip"): Promise<Blob> {
  if (!database.pglite) throw new Error("only an embedded store can be dumped");
  return database.pglite.dumpDataDir(compression);
}

/** Reading the audit trail: per record, per subject, or all of it in order. */
export class AuditTrail {
  constructor(private readonly trx: Kysely<Database>) {}

  async ofRecord(entity: string, recordId: string): Promise<AuditEvent[]> {
    return (await this.trx
      .selectFrom("auditEvent")
      .selectAll()
      .where("entity", "=", entity)
      .where("recordId", "=", recordId)
      .orderBy("seq")
      .execute()) as AuditEvent[];
  }

  async ofSubject(subjectId: string): Promise<AuditEvent[]> {
    return (await this.trx
      .selectFrom("auditEvent")
      .selectAll()
      .where("subjectId", "=", subjectId)
      .orderBy("seq")
      .execute()) as AuditEvent[];
  }

  async all({ limit = 1000, offset = 0 } = {}): Promise<AuditEvent[]> {
    return (await this.trx
      .selectFrom("auditEvent")
      .selectAll()
      .orderBy("seq")
      .limit(limit)
      .offset(offset)
      .execute()) as AuditEvent[];
  }
}
