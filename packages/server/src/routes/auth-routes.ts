import { roles, storedText } from "@ciclo/store";
import { z } from "@hono/zod-openapi";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { hashPassword } from "../password";
import { clearSessionCookie, firstExpiry, sessionIdleMs, setSessionCookie } from "../session";
import { csrfTokenOf, newSessionToken, sessionIdOf } from "../session-token";
import { accountLimit, checkPassword, clientLimit } from "../sign-in-throttle";
import { problemAnswer } from "./record-answers";
import { password } from "./user-routes";

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

const PasswordChange = z
  .object({
    currentPassword: storedText().min(1).max(1000),
    newPassword: password,
  })
  .strict()
  .openapi("PasswordChange");

/** Sign-in, sign-out and the signed-in user's own profile. */
export function authRoutes(): Endpoint[] {
  return [
    defineEndpoint({
      method: "post",
      path: "/auth/login",
      tag: "session",
      summary: "Sign in",
      description: `Starts a session (HttpOnly, SameSite=Strict cookie) and returns the CSRF token to send with every change. After ${accountLimit.maxAttempts} failed attempts on a username, known or not, it is locked (423), first for ${accountLimit.firstLockMs / 60_000} minutes, each further lock twice as long (at most ${accountLimit.longestLockMs / 3_600_000} hours); an administrator can unlock it. After ${clientLimit.maxAttempts} failed attempts from one address, that address waits (429).`,
      body: Credentials,
      response: Me,
      guard: { on: "public" },
      handle: async ({ body }, _grant, c) => {
        const deps = c.get("deps");
        const now = deps.clock();
        const checked = await checkPassword(c, body.username, body.password, wrongCredentials);
        if (!checked.ok) return checked.answer;
        const account = checked.account;
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
      method: "post",
      path: "/auth/password",
      tag: "session",
      summary: "Change your own password",
      description:
        "Needs the current password (wrong ones count towards the sign-in lock). Ends every session of the user, on every device, and answers with a fresh session for this one.",
      body: PasswordChange,
      response: Me,
      guard: { on: "signed-in" },
      handle: async ({ body }, { actor }, c) => {
        const deps = c.get("deps");
        const checked = await checkPassword(c, actor.username, body.currentPassword, () => ({
          response: Response.json(
            {
              code: "wrong_password",
              message: "the current password is wrong; type the password you signed in with",
              field: "currentPassword",
            },
            { status: 403 },
          ),
        }));
        if (!checked.ok) return checked.answer;
        const passwordHash = await hashPassword(body.newPassword);
        const token = newSessionToken();
        const now = deps.clock();
        const expiresAt = firstExpiry(now);
        const changed = await deps.store.transaction(actor, async (tx) => {
          const user = await tx.records.get("user", actor.userId);
          if (!user.ok) return user;
          const updated = await tx.records.update(
            "user",
            actor.userId,
            user.value.version,
            { passwordHash },
            "changed her own password",
          );
          if (!updated.ok) return updated;
          await tx.accounts.removeSessionsOf(actor.userId);
          await tx.accounts.createSession({
            id: sessionIdOf(token),
            userId: actor.userId,
            createdAt: now.toISOString(),
            expiresAt: expiresAt.toISOString(),
          });
          return updated;
        });
        if (!changed.ok) return problemAnswer(changed.problem);
        setSessionCookie(c, token);
        return {
          json: { ...actor, csrfToken: csrfTokenOf(token), sessionExpiresAt: expiresAt },
        };
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

function wrongCredentials() {
  return {
    response: Response.json(
      {
        code: "wrong_credentials",
        message: "username or password is wrong; check both and try again",
        field: "password",
      },
      { status: 401 },
    ),
  };
}
