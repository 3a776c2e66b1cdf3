import {
  entities,
  entityNames,
  isEntityName,
  type Store,
  storedText,
  systemActor,
} from "@ciclo/store";
import { z } from "@hono/zod-openapi";
import type { SiteOf } from "../authorize";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { siteOfRecord } from "../record-site";

const AuditEvent = z
  .object({
    seq: z.number().int(),
    occurredAt: z.string().openapi({ description: "UTC" }),
    actorId: z.string(),
    actorName: z.string(),
    action: z.enum(["create", "update", "delete"]),
    entity: z.string(),
    recordId: z.string(),
    subjectId: z.string().nullable(),
    field: z
      .string()
      .openapi({ description: "the changed field, or * for a whole record created or deleted" }),
    oldValue: z.string().nullable().openapi({ description: "JSON" }),
    newValue: z.string().nullable().openapi({ description: "JSON" }),
    reason: z.string().nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("AuditEvent");

const trialEntities = entityNames.filter((name) => entities[name].scope === "study");

const RecordRef = z
  .object({
    entity: storedText().min(1).openapi({ example: "labResult" }),
    recordId: storedText().min(1),
  })
  .strict();

/** The audit trail of a record, or of everything about one subject. */
export function auditRoutes(): Endpoint[] {
  return [
    defineEndpoint({
      method: "get",
      path: "/audit",
      tag: "audit",
      summary: "The audit trail of one record (also after it was deleted)",
      query: RecordRef,
      response: z.array(AuditEvent),
      guard: {
        on: "site",
        action: "audit.read",
        site: ({ query }, deps) => siteOfAudited(deps.store, query.entity, query.recordId),
      },
      handle: async ({ query }, grant, c) => ({
        json: await c
          .get("deps")
          .store.transaction(grant.actor, (tx) => tx.audit.ofRecord(query.entity, query.recordId)),
      }),
    }),
    defineEndpoint({
      method: "get",
      path: "/audit/trial",
      tag: "audit",
      summary:
        "The audit trail of a record of the trial itself (study, protocol version, site, user, role)",
      description: "For administrators, who manage these records.",
      query: RecordRef,
      response: z.array(AuditEvent),
      guard: { on: "trial", action: "manage" },
      handle: async ({ query }, grant, c) => {
        if (!isEntityName(query.entity) || entities[query.entity].scope !== "study") {
          return {
            status: 400,
            error: {
              code: "invalid_request",
              field: "entity",
              message: `'${query.entity}' is not a record of the trial itself; name one of ${trialEntities.join(", ")}, or use GET /api/audit for subjects' data`,
            },
          };
        }
        return {
          json: await c
            .get("deps")
            .store.transaction(grant.actor, (tx) =>
              tx.audit.ofRecord(query.entity, query.recordId),
            ),
        };
      },
    }),
    defineEndpoint({
      method: "get",
      path: "/subjects/{id}/audit",
      tag: "audit",
      summary: "The audit trail of a subject and all her records",
      params: z.object({
        id: storedText()
          .min(1)
          .openapi({ param: { name: "id", in: "path" } }),
      }),
      response: z.array(AuditEvent),
      guard: {
        on: "site",
        action: "audit.read",
        site: ({ params }, deps) => siteOfRecord(deps.store, "subject", params.id),
      },
      handle: async ({ params }, grant, c) => ({
        json: await c
          .get("deps")
          .store.transaction(grant.actor, (tx) => tx.audit.ofSubject(params.id)),
      }),
    }),
  ];
}

/**
 * The site of an audited record; for a deleted one, the site of the subject its audit rows name.
 * Records of the trial itself (sites, users) have no site: their trail is not served here.
 */
async function siteOfAudited(store: Store, entity: string, recordId: string): Promise<SiteOf> {
  const label = `audit trail of ${entity} '${recordId}'`;
  if (!isEntityName(entity)) return { siteId: null, label };
  const live = await siteOfRecord(store, entity, recordId);
  if (live.siteId) return { ...live, label };
  const subjectId = await store.transaction(systemActor, async (tx) => {
    const events = await tx.audit.ofRecord(entity, recordId);
    return events.find((event) => event.subjectId)?.subjectId ?? null;
  });
  return subjectId
    ? { ...(await siteOfRecord(store, "subject", subjectId)), label }
    : { siteId: null, label };
}
