import type { Store } from "@ciclo/store";
import type { Actor } from "./policy";
import type { SessionPort, SessionRecord } from "./session-port";

/** How long a session and its user's roles are trusted without asking the database again. */
export const sessionCacheMs = 5_000;

/**
 * The session port with each session and each user's actor (roles and sites) kept in memory
 * for `ttlMs` (5 s), so that a signed-in request checks its session and permissions without a
 * round trip to the database.
 *
 * What may be stale, and for how long: this process drops its entries as soon as it commits a
 * change that could make them wrong (a sign-out, a password change, a user or role assignment
 * written: the store's commit listener). A change made by another process on the same database
 * (a second server, the command line) reaches this one within `ttlMs`: a user deactivated or a
 * role taken away there keeps working here at most that long, and a session signed out there at
 * most that long (its expiry is still checked on every request). An entry read just before a
 * change and stored just after it is bound by the same `ttlMs`. The clock is the app's, so tests
 * moving it move the cache too.
 *
 * @example
 * const sessions = cachedSessionPort(storeSessionPort(store), store, clock);
 */
export function cachedSessionPort(
  port: SessionPort,
  store: Pick<Store, "onCommit">,
  clock: () => Date,
  ttlMs = sessionCacheMs,
): SessionPort {
  const sessions = new Map<string, { session: SessionRecord; until: number }>();
  const actors = new Map<string, { actor: Actor; until: number }>();
  const fresh = <T extends { until: number }>(entry: T | undefined) =>
    entry && entry.until > clock().getTime() ? entry : undefined;
  store.onCommit((written) => {
    if (written.has("session") || written.has("user") || written.has("roleAssignment")) {
      sessions.clear();
      actors.clear();
    }
  });
  return {
    ...port,
    find: async (sessionId) => {
      const cached = fresh(sessions.get(sessionId));
      if (cached) return cached.session;
      const session = await port.find(sessionId);
      if (session) sessions.set(sessionId, { session, until: clock().getTime() + ttlMs });
      return session;
    },
    extend: async (sessionId, expiresAt) => {
      await port.extend(sessionId, expiresAt);
      const cached = sessions.get(sessionId);
      if (cached) cached.session = { ...cached.session, expiresAt };
    },
    remove: async (sessionId) => {
      sessions.delete(sessionId);
      await port.remove(sessionId);
      sessions.delete(sessionId);
    },
    removeSessionsOf: async (userId) => {
      await port.removeSessionsOf(userId);
      sessions.clear();
      actors.delete(userId);
    },
    findUser: async (userId) => {
      const cached = fresh(actors.get(userId));
      if (cached) return cached.actor;
      const actor = await port.findUser(userId);
      if (actor) actors.set(userId, { actor, until: clock().getTime() + ttlMs });
      return actor;
    },
  };
}
