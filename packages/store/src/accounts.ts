import { type Kysely, sql } from "kysely";
import type { Role } from "./entities";
import type { Database } from "./schema";

/** The shortest password Ciclo accepts for an account. */
export const minimumPasswordLength = 10;

/** The sign-in throttle's key of an account name; case and Unicode form do not make a new name. */
export const accountKey = (username: string) =>
  `account:${username.normalize("NFC").toLowerCase()}`;

export interface Account {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  active: boolean;
}

/** A key's sign-in attempts after one more was counted, and its lock if it has one. */
export interface SignInAttempts {
  attempts: number;
  lockedUntil: string | null;
}

export interface RoleGrant {
  role: Role;
  /** null for a study-wide role (statistician, admin). */
  siteId: string | null;
}

export interface SessionRow {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * Sign-in state: accounts, their roles and their sessions. Failed-login counters and sessions are
 * security bookkeeping, not trial data, so they change without audit rows; creating users and
 * granting roles goes through the audited records repository.
 */
export class Accounts {
  constructor(private readonly trx: Kysely<Database>) {}

  /** Whether this transaction ended sessions (the store tells its commit listeners). */
  endedSessions = false;

  async byUsername(username: string): Promise<Account | undefined> {
    return (await this.trx
      .selectFrom("appUser")
      .selectAll()
      .where("username", "=", username)
      .executeTakeFirst()) as Account | undefined;
  }

  async byId(userId: string): Promise<Account | undefined> {
    return (await this.trx
      .selectFrom("appUser")
      .selectAll()
      .where("id", "=", userId)
      .executeTakeFirst()) as Account | undefined;
  }

  async roles(userId: string): Promise<RoleGrant[]> {
    return (await this.trx
      .selectFrom("roleAssignment")
      .select(["role", "siteId"])
      .where("userId", "=", userId)
      .orderBy("role")
      .execute()) as RoleGrant[];
  }

  /**
   * Counts one more sign-in attempt of a key before its password is checked, in one atomic
   * statement, so that any number of parallel attempts each get their own count. A lock that has
   * run out, or (without a lock) a last attempt before `freshSince`, starts the count again.
   */
  async countSignInAttempt(key: string, now: string, freshSince: string): Promise<SignInAttempts> {
    // A running lock is never shortened by a quiet spell; only its end starts the count again.
    const expired = sql`(sign_in_throttle.locked_until <= ${now}
      or (sign_in_throttle.locked_until is null and sign_in_throttle.last_attempt_at < ${freshSince}))`;
    return (await this.trx
      .insertInto("signInThrottle")
      .values({ key, attempts: 1, locks: 0, lockedUntil: null, lastAttemptAt: now })
      .onConflict((conflict) =>
        conflict.column("key").doUpdateSet({
          attempts: sql`case when ${expired} then 1 else sign_in_throttle.attempts + 1 end`,
          lockedUntil: sql`case when ${expired} then null else sign_in_throttle.locked_until end`,
          lastAttemptAt: now,
        }),
      )
      .returning(["attempts", "lockedUntil"])
      .executeTakeFirstOrThrow()) as SignInAttempts;
  }

  /**
   * Locks a key unless it is locked already, and returns the lock's end. Each lock lasts twice
   * the one before (from `firstMs`, at most `longestMs`), so a key that keeps failing waits
   * longer and longer, yet every lock runs out on its own.
   */
  async lockSignIns(key: string, now: string, firstMs: number, longestMs: number): Promise<string> {
    const lock = await this.trx
      .updateTable("signInThrottle")
      .set({
        locks: sql`locks + 1`,
        lockedUntil: sql`${now}::timestamptz + least(${firstMs}::float8 * power(2, locks), ${longestMs}::float8) * interval '1 millisecond'`,
      })
      .where("key", "=", key)
      .where((where) =>
        where.or([where("lockedUntil", "is", null), where("lockedUntil", "<=", now)]),
      )
      .returning("lockedUntil")
      .executeTakeFirst();
    if (lock) return lock.lockedUntil as string;
    const held = await this.trx
      .selectFrom("signInThrottle")
      .select("lockedUntil")
      .where("key", "=", key)
      .executeTakeFirstOrThrow();
    return held.lockedUntil as string;
  }

  /** Takes back one counted attempt (a right password from a client is not a failure). */
  async uncountSignInAttempt(key: string): Promise<void> {
    await this.trx
      .updateTable("signInThrottle")
      .set({ attempts: sql`greatest(attempts - 1, 0)` })
      .where("key", "=", key)
      .execute();
  }

  /** Forgets a key's attempts and locks: after a right password, or an administrator's unlock. */
  async clearSignInAttempts(key: string): Promise<void> {
    await this.trx.deleteFrom("signInThrottle").where("key", "=", key).execute();
  }

  async createSession(session: SessionRow): Promise<void> {
    await this.trx.insertInto("session").values(session).execute();
  }

  async findSession(id: string): Promise<SessionRow | undefined> {
    return (await this.trx
      .selectFrom("session")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst()) as SessionRow | undefined;
  }

  async extendSession(id: string, expiresAt: string): Promise<void> {
    await this.trx.updateTable("session").set({ expiresAt }).where("id", "=", id).execute();
  }

  async removeSession(id: string): Promise<void> {
    await this.trx.deleteFrom("session").where("id", "=", id).execute();
    this.endedSessions = true;
  }

  /** Ends every session of a user (her password changed). */
  async removeSessionsOf(userId: string): Promise<void> {
    await this.trx.deleteFrom("session").where("userId", "=", userId).execute();
    this.endedSessions = true;
  }
}
