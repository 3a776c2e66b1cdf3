import { type Store, systemActor, type Tx } from "@ciclo/store";
import type { SessionPort } from "./session-port";

/**
 * Accounts and sessions kept in the store. Sign-in bookkeeping runs as the system actor: it
 * writes no clinical data, and the store keeps it out of the audit trail.
 *
 * @example
 * const sessions = storeSessionPort(store);
 * await sessions.findAccount("monitor.pisa"); // => { userId, passwordHash, … } or undefined
 */
export function storeSessionPort(store: Store): SessionPort {
  const accounts = <T>(work: (tx: Tx) => Promise<T>) => store.transaction(systemActor, work);
  return {
    findAccount: (username) =>
      accounts(async (tx) => {
        const account = await tx.accounts.byUsername(username);
        if (!account) return undefined;
        return {
          userId: account.id,
          passwordHash: account.passwordHash,
          active: account.active,
        };
      }),
    countAttempt: (key, now, freshSince) =>
      accounts(async (tx) => {
        const counted = await tx.accounts.countSignInAttempt(
          key,
          now.toISOString(),
          freshSince.toISOString(),
        );
        return {
          attempts: counted.attempts,
          lockedUntil: counted.lockedUntil ? new Date(counted.lockedUntil) : null,
        };
      }),
    lock: (key, now, firstMs, longestMs) =>
      accounts(
        async (tx) =>
          new Date(await tx.accounts.lockSignIns(key, now.toISOString(), firstMs, longestMs)),
      ),
    uncountAttempt: (key) => accounts((tx) => tx.accounts.uncountSignInAttempt(key)),
    clearAttempts: (key) => accounts((tx) => tx.accounts.clearSignInAttempts(key)),
    removeSessionsOf: (userId) => accounts((tx) => tx.accounts.removeSessionsOf(userId)),
    findUser: (userId) =>
      accounts(async (tx) => {
        const account = await tx.accounts.byId(userId);
        if (!account?.active) return undefined;
        return {
          userId: account.id,
          username: account.username,
          displayName: account.displayName,
          roles: await tx.accounts.roles(userId),
        };
      }),
    create: (session) =>
      accounts((tx) =>
        tx.accounts.createSession({
          id: session.id,
          userId: session.userId,
          createdAt: session.createdAt.toISOString(),
          expiresAt: session.expiresAt.toISOString(),
        }),
      ),
    find: (sessionId) =>
      accounts(async (tx) => {
        const row = await tx.accounts.findSession(sessionId);
        if (!row) return undefined;
        return {
          id: row.id,
          userId: row.userId,
          createdAt: new Date(row.createdAt),
          expiresAt: new Date(row.expiresAt),
        };
      }),
    extend: (sessionId, expiresAt) =>
      accounts((tx) => tx.accounts.extendSession(sessionId, expiresAt.toISOString())),
    remove: (sessionId) => accounts((tx) => tx.accounts.removeSession(sessionId)),
  };
}
