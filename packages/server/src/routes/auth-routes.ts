import { roles, storedText } from "@ciclo/store";
import { z } from "@hono/zod-openapi";
import type { AppDeps } from "../app-env";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { verifyPassword } from "../password";
import { clearSessionCookie, firstExpiry, sessionIdleMs, setSessionCookie } from "../session";
import { csrfTokenOf, newSessionToken, sessionIdOf } from "../session-token";

/** Consecutive failed sign-ins that lock an account… */
export const maxFailedLogins = 5;
/** …and for how long. */
export const lockOutMs = 15 * 60_000;

const Credentials = z
  .object({
    username: storedText().trim().min(1).max(100).openapi({ example: "investigator.pisa" }),
    password: storedText().min(1).max(1000).openapi({ example: "ciclo-demo" }),
  })
  .openapi("Credentials");

const Me = z
  .object({
    userId: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.object({ role: z.enum(roles), siteId: z.string().nullable() })),
    csrfToken: z.string().openapi({ description: "send it in X-CSRF-Token with every change" }),
    sessionExpiresAt: z.string().openapi({
      description: `UTC instant the session ends unless used; each request extends it to ${sessionIdleMs / 60_000} minutes`,
    }),
  })
  .openapi("Me");

// Verifying against a fixed hash when the username is unknown makes both paths equally slow, so
// response time does not tell which usernames exist.
const unknownUserHash =
  "scrypt$32768$8$1$Y2ljbG8tbm8tc3VjaC11c2Vy$6mY0cHJvYmFibHktbm90LWEtdmFsaWQta2V5LWhlcmU=";

function describeLock(until: Date): string {
  return `too many failed sign-ins: this account is locked until ${until.toISOString()} (UTC); try again then or ask an administrator`;
}

/** Sign-in, sign-out and the signed-in user's own profile. */
export function authRoutes(): Endpoint[] {
  return [
    defineEndpoint({
      method: "post",
      path: "/auth/login",
      tag: "session",
      summary: "Sign in",
      description: `Starts a session (HttpOnly, SameSite=Strict cookie) and returns the CSRF token to send with every change. After ${maxFailedLogins} consecutive failures the account is locked for ${lockOutMs / 60_000} minutes (423).`,
      body: Credentials,
      response: Me,
      guard: { on: "public" },
      handle: async ({ body }, _grant, c) => {
        const deps = c.get("deps");
        const now = deps.clock();
        const account = await deps.sessions.findAccount(body.username);
        if (account?.lockedUntil && account.lockedUntil > now) {
          return lockedAnswer(account.lockedUntil, now);
        }
        const passwordOk = await verifyPassword(
          body.password,
          account?.passwordHash ?? unknownUserHash,
        );
        if (!account) return wrongCredentials();
        if (!passwordOk) return await recordFailure(deps, account, now);
        if (!account.active) return wrongCredentials();
        await deps.sessions.recordSuccessfulLogin(account.userId);
        const token = newSessionToken();
        const expiresAt = firstExpiry(now);
        await deps.sessions.create({
          id: sessionIdOf(token),
          userId: account.userId,
          createdAt: now,
          expiresAt,
        });
        setSessionCookie(c, token);
        const actor = await deps.sessions.findUser(account.userId);
        return { json: { ...actor, csrfToken: csrfTokenOf(token), sessionExpiresAt: expiresAt } };
      },
    }),
    defineEndpoint({
      method: "post",
      path: "/auth/logout",
      tag: "session",
      summary: "Sign out",
      description: "Ends the session on the server and clears the cookie.",
      response: z.object({ signedOut: z.literal(true) }),
      guard: { on: "signed-in" },
      handle: async (_input, _grant, c) => {
        const session = c.get("session");
        if (session) await c.get("deps").sessions.remove(sessionIdOf(session.token));
        clearSessionCookie(c);
        return { json: { signedOut: true } };
      },
    }),
    defineEndpoint({
      method: "get",
      path: "/me",
      tag: "session",
      summary: "The signed-in user, her roles and when her session expires",
      response: Me,
      guard: { on: "signed-in" },
      handle: async (_input, { actor }, c) => {
        const session = c.get("session")!;
        return {
          json: {
            ...actor,
            csrfToken: csrfTokenOf(session.token),
            sessionExpiresAt: session.expiresAt.toISOString(),
          },
        };
      },
    }),
  ];
}

async function recordFailure(
  deps: AppDeps,
  account: { userId: string; failedLogins: number },
  now: Date,
) {
  const failedLogins = account.failedLogins + 1;
  if (failedLogins >= maxFailedLogins) {
    const lockedUntil = new Date(now.getTime() + lockOutMs);
    await deps.sessions.recordFailedLogin(account.userId, 0, lockedUntil);
    return lockedAnswer(lockedUntil, now);
  }
  await deps.sessions.recordFailedLogin(account.userId, failedLogins, null);
  return wrongCredentials();
}

function wrongCredentials() {
  return {
    status: 401,
    error: {
      code: "wrong_credentials",
      message: "username or password is wrong; check both and try again",
      field: "password",
    },
  };
}

function lockedAnswer(lockedUntil: Date, now: Date) {
  const retryAfterSeconds = Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
  return {
    response: Response.json(
      { code: "locked_out", message: describeLock(lockedUntil), retryAt: lockedUntil },
      { status: 423, headers: { "retry-after": String(retryAfterSeconds) } },
    ),
  };
}
