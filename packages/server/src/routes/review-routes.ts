import { entities, storedText } from "@ciclo/store";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import type { Grant, Guard } from "../authorize";
import { defineEndpoint, type Endpoint } from "../endpoint";
import type { Action } from "../policy";
import { siteOfNewRecord, siteOfRecord } from "../record-site";
import { checkPassword } from "../sign-in-throttle";
import { answerResult, presentRecord } from "./record-answers";
import { RemovalSchema, recordSchema } from "./record-routes";

const Query = recordSchema("query");
const Signature = recordSchema("signature");
const IdParam = z.object({
  id: storedText()
    .min(1)
    .openapi({ param: { name: "id", in: "path" } }),
});

const NewQuery = entities.query.input
  .pick({ entity: true, recordId: true, field: true, text: true })
  .strict()
  .openapi("NewQuery");
const QueryAnswer = z
  .object({ version: z.number().int().min(1), answer: storedText().trim().min(1) })
  .strict()
  .openapi("QueryAnswer");
const QueryClosing = z
  .object({ version: z.number().int().min(1), reason: storedText().trim().min(1).optional() })
  .strict()
  .openapi("QueryClosing");
const NewSignature = entities.signature.input
  .extend({
    password: storedText().min(1).openapi({
      description:
        "the signer's password again: a signature is a fresh act of the signer (21 CFR 11.200)",
    }),
  })
  .strict()
  .openapi("NewSignature");

/** Removing a signature unlocks its record: the reason is required, and the audit keeps it. */
const SignatureRemoval = RemovalSchema.extend({
  reason: storedText().trim().min(1, "give the reason for removing the signature").openapi({
    description: "why the signature is removed; kept in the audit trail",
  }),
})
  .strict()
  .openapi("SignatureRemoval");

/** A query's or signature's own site, for the guard. */
function onRecordOf(
  entity: "query" | "signature",
  action: Action,
): Guard<{ params: { id: string } }> {
  return {
    on: "site",
    action,
    site: ({ params }, deps) => siteOfRecord(deps.store, entity, params.id),
  };
}

/** The query workflow (raise → answer → close) and signatures (sign, unlock). */
export function reviewRoutes(): Endpoint[] {
  return [
    defineEndpoint({
      method: "post",
      path: "/queries",
      tag: "queries",
      summary: "Raise a query on a record",
      description: "Monitors and data managers raise queries; the site answers them.",
      body: NewQuery,
      response: Query,
      status: 201,
      guard: {
        on: "site",
        action: "query.raise",
        site: ({ body }, deps) => siteOfNewRecord(deps.store, "query", body),
      },
      handle: async ({ body }, grant, c) =>
        answerResult(
          await c
            .get("deps")
            .store.transaction(grant.actor, (tx) =>
              tx.records.create("query", { ...body, status: "open" }),
            ),
          (record) => presentRecord(grant, "query", record),
          201,
        ),
    }),
    defineEndpoint({
      method: "post",
      path: "/queries/{id}/answer",
      tag: "queries",
      summary: "Answer an open query",
      params: IdParam,
      body: QueryAnswer,
      response: Query,
      guard: onRecordOf("query", "query.answer"),
      handle: async ({ params, body }, grant, c) =>
        changeQuery(c, grant, params.id, body.version, { status: "answered", answer: body.answer }),
    }),
    defineEndpoint({
      method: "post",
      path: "/queries/{id}/close",
      tag: "queries",
      summary: "Close a query",
      params: IdParam,
      body: QueryClosing,
      response: Query,
      guard: onRecordOf("query", "query.close"),
      handle: async ({ params, body }, grant, c) =>
        changeQuery(c, grant, params.id, body.version, { status: "closed" }, body.reason),
    }),
    defineEndpoint({
      method: "post",
      path: "/queries/{id}/reopen",
      tag: "queries",
      summary: "Re-open an answered query whose answer does not resolve it",
      params: IdParam,
      body: QueryClosing,
      response: Query,
      guard: onRecordOf("query", "query.close"),
      handle: async ({ params, body }, grant, c) =>
        changeQuery(c, grant, params.id, body.version, { status: "open" }, body.reason),
    }),
    defineEndpoint({
      method: "post",
      path: "/signatures",
      tag: "signatures",
      summary: "Sign a record (or a whole subject) with a meaning",
      description:
        "The signer re-enters her password. A signature locks its record; one on the subject locks all her records. Wrong passwords count towards the same lock as sign-in's (423).",
      body: NewSignature,
      response: Signature,
      status: 201,
      guard: {
        on: "site",
        action: "sign",
        site: ({ body }, deps) => siteOfNewRecord(deps.store, "signature", body),
      },
      handle: async ({ body }, grant, c) => {
        const deps = c.get("deps");
        const checked = await checkPassword(c, grant.actor.username, body.password, () => ({
          response: Response.json(
            {
              code: "signature_refused",
              message: "the password is wrong; a signature needs your own current password",
              field: "password",
            },
            { status: 403 },
          ),
        }));
        if (!checked.ok) return checked.answer;
        const { password: _password, ...signature } = body;
        return answerResult(
          await deps.store.transaction(grant.actor, (tx) =>
            tx.records.create("signature", signature),
          ),
          (record) => presentRecord(grant, "signature", record),
          201,
        );
      },
    }),
    defineEndpoint({
      method: "delete",
      path: "/signatures/{id}",
      tag: "signatures",
      summary: "Remove a signature, unlocking its record",
      description: "For data managers, with a reason kept in the audit trail.",
      params: IdParam,
      body: SignatureRemoval,
      response: Signature,
      guard: onRecordOf("signature", "unlock"),
      handle: async ({ params, body }, grant, c) =>
        answerResult(
          await c
            .get("deps")
            .store.transaction(grant.actor, (tx) =>
              tx.records.remove("signature", params.id, body.version, body.reason),
            ),
          (record) => presentRecord(grant, "signature", record),
        ),
    }),
  ];
}

async function changeQuery(
  c: Context<AppEnv>,
  grant: Grant,
  id: string,
  version: number,
  changes: Record<string, unknown>,
  reason?: string,
) {
  return answerResult(
    await c
      .get("deps")
      .store.transaction(grant.actor, (tx) =>
        tx.records.update("query", id, version, changes, reason),
      ),
    (record) => presentRecord(grant, "query", record),
  );
}
