import type { Actor } from "./policy";

/**
 * The little the server needs from the store to sign users in and keep their sessions. Kept as
 * its own interface so that authentication reads in one screen; `storeSessionPort` adapts the
 * store to it.
 */
export interface SessionPort {
  /** The account of a username, with what sign-in needs (hash, whether active). */
  findAccount(username: string): Promise<Account | undefined>;
  /** Counts one more password attempt of a key (an account name or a client) before it is checked. */
  countAttempt(key: string, now: Date, freshSince: Date): Promise<Attempts>;
  /** Locks a key unless it is locked already; the lock's end. */
  lock(key: string, now: Date, firstMs: number, longestMs: number): Promise<Date>;
  /** Takes back one counted attempt. */
  uncountAttempt(key: string): Promise<void>;
  /** Forgets a key's attempts and locks. */
  clearAttempts(key: string): Promise<void>;
  /** Ends every session of a user. */
  removeSessionsOf(userId: string): Promise<void>;
  /** The user with her role assignments, or undefined if she is unknown or deactivated. */
  findUser(userId: string): Promise<Actor | undefined>;
  create(session: SessionRecord): Promise<void>;
  find(sessionId: string): Promise<SessionRecord | undefined>;
  extend(sessionId: string, expiresAt: Date): Promise<void>;
  remove(sessionId: string): Promise<void>;
}

export interface Account {
  userId: string;
  passwordHash: string;
  active: boolean;
}

/** A key's password attempts, this one included, and its lock if it has one. */
export interface Attempts {
  attempts: number;
  lockedUntil: Date | null;
}

export interface SessionRecord {
  /** SHA-256 of the cookie's token; the token itself is never stored. */
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

/** The actor of a session's user; a user deactivated since sign-in has none. */
export async function loadActor(sessions: SessionPort, userId: string): Promise<Actor | null> {
  return (await sessions.findUser(userId)) ?? null;
}
