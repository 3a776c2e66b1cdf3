import type { Actor } from "./policy";

/**
 * The little the server needs from the store to sign users in and keep their sessions. Kept as
 * its own interface so that authentication reads in one screen; `storeSessionPort` adapts the
 * store to it.
 */
export interface SessionPort {
  /** The account of a username, with what sign-in needs (hash, lock-out state). */
  findAccount(username: string): Promise<Account | undefined>;
  /** Records a failed sign-in: the new count of consecutive failures and the lock, if any. */
  recordFailedLogin(userId: string, failedLogins: number, lockedUntil: Date | null): Promise<void>;
  /** Clears the failure count after a successful sign-in. */
  recordSuccessfulLogin(userId: string): Promise<void>;
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
  failedLogins: number;
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
