import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "./app-env";
import { loadActor, type SessionPort } from "./session-port";
import { csrfTokenMatches, sessionIdOf } from "./session-token";

/** The name of the session cookie. */
export const sessionCookieName = "ciclo_session";

/** A session ends after this long without a request (sliding expiry)… */
export const sessionIdleMs = 30 * 60_000;
/** …and at the latest this long after sign-in, however active. */
export const sessionMaxMs = 12 * 60 * 60_000;
/** Extending the expiry writes to the database; once a minute is precise enough. */
const slideEveryMs = 60_000;

/**
 * Reads the session cookie and sets `actor` and `session` for the rest of the request. A missing,
 * unknown or expired session leaves them null; the guard then answers 401.
 */
export function authenticate(sessions: SessionPort): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("actor", null);
    c.set("session", null);
    const token = getCookie(c, sessionCookieName);
    if (token) {
      const now = c.get("deps").clock();
      const session = await sessions.find(sessionIdOf(token));
      if (session && session.expiresAt > now) {
        const expiresAt = slidExpiry(session, now);
        if (expiresAt.getTime() - session.expiresAt.getTime() >= slideEveryMs) {
          await sessions.extend(session.id, expiresAt);
        }
        c.set("actor", await loadActor(sessions, session.userId));
        c.set("session", { token, expiresAt });
      } else {
        if (session) await sessions.remove(session.id);
        clearSessionCookie(c);
      }
    }
    await next();
  };
}

function slidExpiry(session: { createdAt: Date }, now: Date): Date {
  const idle = now.getTime() + sessionIdleMs;
  const hardStop = session.createdAt.getTime() + sessionMaxMs;
  return new Date(Math.min(idle, hardStop));
}

/** The expiry of a session created now. */
export function firstExpiry(now: Date): Date {
  return new Date(now.getTime() + sessionIdleMs);
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Rejects a state-changing request of a signed-in session that does not echo the session's CSRF
 * token in `X-CSRF-Token`. Requests without a session are left to the guard (401), and signing
 * in needs no token because there is no session yet to ride on.
 */
export function requireCsrfToken(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.get("session");
    if (session && !safeMethods.has(c.req.method) && !c.req.path.endsWith("/auth/login")) {
      if (!csrfTokenMatches(session.token, c.req.header("x-csrf-token"))) {
        return c.json(
          {
            code: "csrf_token_missing",
            message:
              "send the csrfToken returned by POST /api/auth/login (or GET /api/me) in the X-CSRF-Token header",
            field: "X-CSRF-Token",
          },
          403,
        );
      }
    }
    await next();
  };
}

/**
 * Sets the session cookie: HttpOnly (scripts cannot read it), SameSite=Strict (other sites
 * cannot send it), Secure when the request came over https (directly or via a proxy). It has no
 * Expires: the server decides when the session ends (sliding), and the browser drops the cookie
 * when it closes.
 */
export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, sessionCookieName, token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: cameOverHttps(c),
    path: "/",
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, sessionCookieName, { path: "/", secure: cameOverHttps(c) });
}

function cameOverHttps(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}
