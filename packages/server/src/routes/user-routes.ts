import { minimumPasswordLength, roles, type StoredRecord, storedText, type Tx } from "@ciclo/store";
import { z } from "@hono/zod-openapi";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { hashPassword } from "../password";
import { unlockAccount } from "../sign-in-throttle";
import { answerResult, Paging, pageOf, problemAnswer } from "./record-answers";

/** A new password, as an administrator or the user herself sets it. */
export const password = storedText()
  .min(minimumPasswordLength, `use at least ${minimumPasswordLength} characters`)
  .max(200)
  .openapi({
    description: `at least ${minimumPasswordLength} characters; stored only as a salted scrypt hash`,
  });

const RoleGrant = z.object({ role: z.enum(roles), siteId: storedText().min(1).nullable() });

const User = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    active: z.boolean(),
    roles: z.array(RoleGrant.extend({ assignmentId: z.string() })),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("User");

const NewUser = z
  .object({
    username: storedText().openapi({ example: "investigator.lucca" }),
    displayName: storedText().min(1).openapi({ example: "Dr Anna Neri" }),
    password,
    active: z.boolean().optional(),
    roles: z.array(RoleGrant).default([]).openapi({
      description: "site roles name their site; statistician and admin have siteId null",
    }),
  })
  .strict()
  .openapi("NewUser");

const UserChange = z
  .object({
    version: z.number().int().min(1),
    reason: storedText().trim().min(1).optional(),
    changes: z
      .object({ displayName: storedText().min(1), active: z.boolean(), password })
      .partial()
      .strict(),
  })
  .strict()
  .openapi("UserChange");

const IdParam = z.object({
  id: storedText()
    .min(1)
    .openapi({ param: { name: "id", in: "path" } }),
});

/**
 * Users, for administrators: the password travels only here and is stored hashed; role
 * assignments are managed at /role-assignments.
 */
export function userRoutes(): Endpoint[] {
  return [
    defineEndpoint({
      method: "get",
      path: "/users",
      tag: "users",
      summary: "List users with their roles",
      query: Paging.strict(),
      response: pageOf(User),
      guard: { on: "trial", action: "manage" },
      handle: async ({ query }, grant, c) => {
        const users = await c.get("deps").store.transaction(grant.actor, async (tx) => {
          const rows = await tx.records.list("user", query);
          const items = await Promise.all(rows.map((row) => presentUser(tx, row)));
          return { items, total: await tx.records.count("user") };
        });
        return { json: { ...users, ...query } };
      },
    }),
    defineEndpoint({
      method: "get",
      path: "/users/{id}",
      tag: "users",
      summary: "Read one user with her roles",
      params: IdParam,
      response: User,
      guard: { on: "trial", action: "manage" },
      handle: async ({ params }, grant, c) =>
        c.get("deps").store.transaction(grant.actor, async (tx) => {
          const user = await tx.records.get("user", params.id);
          return user.ok
            ? { json: await presentUser(tx, user.value) }
            : problemAnswer(user.problem);
        }),
    }),
    defineEndpoint({
      method: "post",
      path: "/users",
      tag: "users",
      summary: "Create a user with her roles",
      body: NewUser,
      response: User,
      status: 201,
      guard: { on: "trial", action: "manage" },
      handle: async ({ body }, grant, c) => {
        const { password: plain, roles: grants, ...fields } = body;
        const passwordHash = await hashPassword(plain);
        const created = await c.get("deps").store.transaction(grant.actor, async (tx) => {
          const user = await tx.records.create("user", { ...fields, passwordHash });
          if (!user.ok) return user;
          for (const roleGrant of grants) {
            const assigned = await tx.records.create("roleAssignment", {
              userId: user.value.id,
              ...roleGrant,
            });
            if (!assigned.ok) return assigned;
          }
          return { ok: true as const, value: await presentUser(tx, user.value) };
        });
        return answerResult(created, (user) => user, 201);
      },
    }),
    defineEndpoint({
      method: "patch",
      path: "/users/{id}",
      tag: "users",
      summary: "Change a user's name, password or whether she may sign in",
      description:
        "Deactivating a user ends her sessions at their next request; a new password ends them at once.",
      params: IdParam,
      body: UserChange,
      response: User,
      guard: { on: "trial", action: "manage" },
      handle: async ({ params, body }, grant, c) => {
        const { password: plain, ...changes } = body.changes;
        const passwordHash = plain ? await hashPassword(plain) : undefined;
        const updated = await c.get("deps").store.transaction(grant.actor, async (tx) => {
          const user = await tx.records.update(
            "user",
            params.id,
            body.version,
            passwordHash ? { ...changes, passwordHash } : changes,
            body.reason,
          );
          // Whoever held the old password must not keep a session opened with it.
          if (user.ok && passwordHash) await tx.accounts.removeSessionsOf(params.id);
          return user.ok ? { ok: true as const, value: await presentUser(tx, user.value) } : user;
        });
        return answerResult(updated, (user) => user);
      },
    }),
    defineEndpoint({
      method: "post",
      path: "/users/{id}/unlock",
      tag: "users",
      summary: "Lift the lock that failed sign-ins put on a user's account",
      description:
        "Forgets the account's failed attempts at once, instead of waiting for the lock to run out.",
      params: IdParam,
      response: z.object({ userId: z.string(), username: z.string(), unlocked: z.literal(true) }),
      guard: { on: "trial", action: "manage" },
      handle: async ({ params }, grant, c) => {
        const deps = c.get("deps");
        const user = await deps.store.transaction(grant.actor, (tx) =>
          tx.records.get("user", params.id),
        );
        if (!user.ok) return problemAnswer(user.problem);
        const username = user.value.username as string;
        await unlockAccount(deps, username);
        return { json: { userId: user.value.id, username, unlocked: true } };
      },
    }),
  ];
}

async function presentUser(tx: Tx, user: StoredRecord) {
  const assignments = await tx.records.list("roleAssignment", { where: { userId: user.id } });
  return {
    id: user.id,
    username: user.username as string,
    displayName: user.displayName as string,
    active: user.active as boolean,
    roles: assignments.map((assignment) => ({
      assignmentId: assignment.id,
      role: assignment.role as (typeof roles)[number],
      siteId: (assignment.siteId as string | null) ?? null,
    })),
    version: user.version,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
