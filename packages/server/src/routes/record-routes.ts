import {
  type EntityName,
  entities,
  type StoredRecord,
  storedText,
  type Tx,
  type WritableSites,
} from "@ciclo/store";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import type { Grant, Guard } from "../authorize";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { type Action, sitesWhere } from "../policy";
import { siteOfNewRecord, siteOfRecord } from "../record-site";
import { confirmationField, editCheckGate, type RecistQuery } from "./edit-check-gate";
import { answerResult, Paging, pageOf, presentRecord } from "./record-answers";

/** How the records of one entity are exposed. */
export interface RecordResource {
  entity: EntityName;
  /** Plural path segment, e.g. `lab-results`. */
  path: string;
  /** OpenAPI tag. */
  tag: string;
  /** `trial`: the study's own records (read by all, managed by admins); `site`: a subject's data. */
  scope: "trial" | "site";
  /** Which operations the generic routes offer. */
  operations: readonly ("list" | "get" | "create" | "update" | "delete")[];
  /** The action that creating, changing and deleting need. */
  writeAction: Action;
  /** The action that reading needs; `read` unless said otherwise. */
  readAction?: Action;
  /** Equality filters a list accepts besides subject and site, e.g. `sampleId`. */
  filters?: readonly string[];
  /** Fields a list may be sorted by (`sort=field`, or `sort=-field` for descending). */
  sortable?: readonly string[];
  /** The text field `search` looks in (containing the text, ignoring case). */
  search?: string;
  /** Related records a read of one record includes, e.g. an assessment's lesions. */
  include?: {
    description: string;
    /** The field of the answer that holds them, and their entity (which decides what is blanked). */
    field: string;
    entity: EntityName;
    load: (tx: Tx, record: StoredRecord) => Promise<StoredRecord[]>;
  };
}

const all = ["list", "get", "create", "update", "delete"] as const;

/** Every entity the generic routes serve. Users, queries and signatures add their own actions. */
export const recordResources: RecordResource[] = [
  {
    entity: "study",
    path: "studies",
    tag: "study",
    scope: "trial",
    operations: ["list", "get", "create", "update"],
    writeAction: "manage",
  },
  {
    entity: "protocolVersion",
    path: "protocol-versions",
    tag: "study",
    scope: "trial",
    operations: ["list", "get", "create", "update"],
    writeAction: "manage",
    filters: ["studyId"],
  },
  {
    entity: "site",
    path: "sites",
    tag: "sites",
    scope: "trial",
    operations: ["list", "get", "create", "update"],
    writeAction: "manage",
    filters: ["studyId"],
  },
  {
    entity: "roleAssignment",
    path: "role-assignments",
    tag: "users",
    scope: "trial",
    operations: ["list", "get", "create", "delete"],
    writeAction: "manage",
    readAction: "manage",
    filters: ["userId", "siteId", "role"],
  },
  {
    entity: "subject",
    path: "subjects",
    tag: "subjects",
    scope: "site",
    operations: all,
    writeAction: "write",
    filters: ["arm", "status"],
    sortable: ["pseudonym", "enrolmentDate", "status", "arm"],
    search: "pseudonym",
  },
  {
    entity: "administration",
    path: "administrations",
    tag: "treatment",
    scope: "site",
    operations: all,
    writeAction: "write",
    filters: ["drug", "status"],
    sortable: ["givenAt", "scheduledDate"],
  },
  {
    entity: "visit",
    path: "visits",
    tag: "visits",
    scope: "site",
    operations: all,
    writeAction: "write",
  },
  {
    entity: "sample",
    path: "samples",
    tag: "laboratory",
    scope: "site",
    operations: all,
    writeAction: "write",
    filters: ["relation"],
    sortable: ["drawnAt"],
  },
  {
    entity: "labResult",
    path: "lab-results",
    tag: "laboratory",
    scope: "site",
    operations: all,
    writeAction: "write",
    filters: ["sampleId", "analyte"],
  },
  {
    entity: "responseAssessment",
    path: "response-assessments",
    tag: "response",
    scope: "site",
    operations: all,
    writeAction: "write",
    include: {
      description: "Includes `lesions`: the target, non-target and new lesions of the assessment.",
      field: "lesions",
      entity: "lesion",
      load: (tx, assessment) =>
        tx.records.list("lesion", { where: { assessmentId: assessment.id } }),
    },
  },
  {
    entity: "lesion",
    path: "lesions",
    tag: "response",
    scope: "site",
    operations: all,
    writeAction: "write",
    filters: ["assessmentId"],
  },
  {
    entity: "progression",
    path: "progressions",
    tag: "response",
    scope: "site",
    operations: all,
    writeAction: "write",
  },
  {
    entity: "adverseEvent",
    path: "adverse-events",
    tag: "safety",
    scope: "site",
    operations: all,
    writeAction: "write",
    filters: ["term"],
    sortable: ["onsetDate", "grade"],
  },
  {
    entity: "followUp",
    path: "follow-ups",
    tag: "follow-up",
    scope: "site",
    operations: all,
    writeAction: "write",
    filters: ["vitalStatus"],
  },
  {
    entity: "query",
    path: "queries",
    tag: "queries",
    scope: "site",
    operations: ["list", "get"],
    writeAction: "query.raise",
    filters: ["status", "entity", "recordId"],
  },
  {
    entity: "signature",
    path: "signatures",
    tag: "signatures",
    scope: "site",
    operations: ["list", "get"],
    writeAction: "sign",
    filters: ["entity", "recordId", "meaning"],
  },
];

const IdParam = z.object({
  id: storedText()
    .min(1)
    .openapi({ param: { name: "id", in: "path" }, example: "3f0d…" }),
});

/** A record as the API returns it: the entity's fields and what the store keeps for each row. */
export function recordSchema(entity: EntityName) {
  return z
    .object({
      id: z.string(),
      version: z
        .number()
        .int()
        .openapi({ description: "send it back with a change (stale → 409)" }),
      createdAt: z.string(),
      updatedAt: z.string(),
    })
    .catchall(z.unknown())
    .openapi(`${entity[0].toUpperCase()}${entity.slice(1)}`, {
      description: `A stored ${entity}; its fields are those of ${entity}Input.`,
    });
}

/** The body of a change: the version read, the reason (required for clinical data), the new values. */
export function changeSchema(entity: EntityName) {
  return z
    .object({
      version: z.number().int().min(1).openapi({ description: "the version you read" }),
      reason: storedText()
        .trim()
        .min(1)
        .optional()
        .openapi({ description: "why; kept in the audit trail" }),
      changes: (entities[entity].input.partial().strict() as z.ZodType).openapi({
        description: `fields of ${entity} to change`,
      }),
      ...(entities[entity].clinical ? confirmationField : {}),
    })
    .strict();
}

export const RemovalSchema = z
  .object({
    version: z.number().int().min(1).openapi({ description: "the version you read" }),
    reason: storedText()
      .trim()
      .min(1)
      .optional()
      .openapi({ description: "why; kept in the audit trail" }),
  })
  .strict()
  .openapi("Removal");

/** The create, read, change, delete and list endpoints of every record resource. */
export function recordRoutes(): Endpoint[] {
  return recordResources.flatMap((resource) =>
    resource.operations.map((op) => routeFor(resource, op)),
  );
}

function routeFor(
  resource: RecordResource,
  operation: RecordResource["operations"][number],
): Endpoint {
  const { entity, path, tag } = resource;
  const Record = recordSchema(entity);
  const input = (entities[entity].input as z.ZodObject)
    .extend(entities[entity].clinical ? confirmationField : {})
    .strict()
    .openapi(`${entity}Input`);
  switch (operation) {
    case "list":
      return defineEndpoint({
        method: "get",
        path: `/${path}`,
        tag,
        summary: `List ${path}`,
        description:
          "Only records of sites where you may read; filter by subject or site and page with limit/offset.",
        query: listQuery(resource),
        response: pageOf(Record),
        guard: listGuard(resource),
        handle: async ({ query }, grant, c) => listRecords(c, resource, query, grant),
      });
    case "get":
      return defineEndpoint({
        method: "get",
        path: `/${path}/{id}`,
        tag,
        summary: `Read one ${entity}`,
        description: resource.include ? resource.include.description : undefined,
        params: IdParam,
        response: Record,
        guard: recordGuard(resource, resource.readAction ?? "read"),
        handle: async ({ params }, grant, c) =>
          answerResult(
            await c.get("deps").store.transaction(grant.actor, async (tx) => {
              const record = await tx.records.get(entity, params.id);
              const include = resource.include;
              if (!record.ok || !include) return record;
              const related = await include.load(tx, record.value);
              const presented = related.map((each) => presentRecord(grant, include.entity, each));
              return { ok: true as const, value: { ...record.value, [include.field]: presented } };
            }),
            (record) => presentRecord(grant, entity, record),
          ),
      });
    case "create":
      return defineEndpoint({
        method: "post",
        path: `/${path}`,
        tag,
        summary: `Create a ${entity}`,
        body: input,
        response: Record,
        status: 201,
        guard:
          resource.scope === "trial"
            ? { on: "trial", action: resource.writeAction }
            : {
                on: "site",
                action: resource.writeAction,
                site: (request, deps) =>
                  siteOfNewRecord(deps.store, entity, request.body as { [field: string]: unknown }),
              },
        handle: async ({ body }, grant, c) => {
          const { confirmationReason, ...record } = body as Record<string, unknown>;
          const now = c.get("deps").clock();
          const written = await c.get("deps").store.transaction(grant.actor, async (tx) => {
            const gate = await editCheckGate(tx, entity, record, {
              now,
              confirmation: confirmationReason as string | undefined,
            });
            if (!gate.ok) return gate;
            const created = await tx.records.create(
              entity,
              { ...record, ...gate.derived },
              gate.reason,
              writableSites(grant, resource),
            );
            if (created.ok && gate.query) await raiseRecistQuery(tx, gate.query);
            return created;
          });
          if ("answer" in written) return written.answer;
          return answerResult(written, (stored) => presentRecord(grant, entity, stored), 201);
        },
      });
    case "update":
      return defineEndpoint({
        method: "patch",
        path: `/${path}/{id}`,
        tag,
        summary: `Change a ${entity}`,
        description:
          "Send the version you read; a stale version answers 409 and changes nothing. Clinical data need a reason.",
        params: IdParam,
        body: changeSchema(entity),
        response: Record,
        guard: recordGuard(resource, resource.writeAction),
        handle: async ({ params, body }, grant, c) => {
          const now = c.get("deps").clock();
          const written = await c.get("deps").store.transaction(grant.actor, async (tx) => {
            const current = await tx.records.get(entity, params.id);
            const gate = current.ok
              ? await editCheckGate(
                  tx,
                  entity,
                  { ...current.value, ...(body.changes as object) },
                  {
                    now,
                    before: current.value,
                    confirmation: (body as { confirmationReason?: string }).confirmationReason,
                  },
                )
              : { ok: true as const, reason: undefined };
            if (!gate.ok) return gate;
            const reason =
              gate.reason && body.reason ? `${body.reason}; ${gate.reason}` : body.reason;
            const derived = Object.fromEntries(
              Object.entries((gate.ok && gate.derived) || {}).filter(
                ([field, value]) => current.ok && current.value[field] !== value,
              ),
            );
            const updated = await tx.records.update(
              entity,
              params.id,
              body.version,
              { ...(body.changes as object), ...derived },
              reason,
              writableSites(grant, resource),
            );
            if (updated.ok && gate.query) await raiseRecistQuery(tx, gate.query);
            return updated;
          });
          if ("answer" in written) return written.answer;
          return answerResult(written, (stored) => presentRecord(grant, entity, stored));
        },
      });
    case "delete":
      return defineEndpoint({
        method: "delete",
        path: `/${path}/{id}`,
        tag,
        summary: `Delete a ${entity}`,
        description:
          "Send the version you read and the reason; the audit trail keeps the deleted record whole.",
        params: IdParam,
        body: RemovalSchema,
        response: Record,
        guard: recordGuard(resource, resource.writeAction),
        handle: async ({ params, body }, grant, c) =>
          answerResult(
            await c
              .get("deps")
              .store.transaction(grant.actor, (tx) =>
                tx.records.remove(
                  entity,
                  params.id,
                  body.version,
                  body.reason,
                  writableSites(grant, resource),
                ),
              ),
            (record) => presentRecord(grant, entity, record),
          ),
      });
  }
}

/** The monitor's query on an assessment whose recorded response differs from RECIST's. */
async function raiseRecistQuery(tx: Tx, query: RecistQuery) {
  const raised = await tx.records.create("query", {
    entity: "responseAssessment",
    recordId: query.recordId,
    field: "overallResponse",
    text: query.text,
  });
  if (!raised.ok) throw new Error(`the RECIST query was refused: ${raised.problem.message}`);
}

/**
 * The sites where the actor may write this resource, for the store to check inside the write's
 * transaction at both ends of it: where the record is, and where a change would move it. The
 * guard has already checked the record's site before the transaction; this check holds even if
 * the record moved meanwhile. Undefined for trial records and trial-wide writers.
 */
function writableSites(grant: Grant, resource: RecordResource): WritableSites | undefined {
  if (resource.scope === "trial") return undefined;
  const sites = sitesWhere(grant.actor, resource.writeAction);
  return sites === "all" ? undefined : sites;
}

function listQuery(resource: RecordResource) {
  const filters = Object.fromEntries(
    (resource.filters ?? []).map((field) => [field, storedText().min(1).optional()]),
  );
  const scoped =
    resource.scope === "site"
      ? { subjectId: storedText().min(1).optional(), siteId: storedText().min(1).optional() }
      : {};
  const sortable = resource.sortable ?? [];
  const ordering =
    sortable.length > 0
      ? {
          sort: z
            .enum([...sortable, ...sortable.map((field) => `-${field}`)] as [string, ...string[]])
            .optional()
            .openapi({
              description: `order by a field (a leading - for descending), then by entry: ${sortable.join(", ")}`,
            }),
        }
      : {};
  const search = resource.search
    ? {
        search: storedText()
          .max(100)
          .optional()
          .openapi({ description: `records whose ${resource.search} contains this text` }),
      }
    : {};
  return Paging.extend({ ...scoped, ...filters, ...ordering, ...search }).strict();
}

// biome-ignore lint/suspicious/noExplicitAny: the query shape differs by entity; only two fields are read
function listGuard(resource: RecordResource): Guard<any> {
  if (resource.scope === "trial") return { on: "trial", action: resource.readAction ?? "read" };
  return {
    on: "sites",
    action: "read",
    narrow: async ({ query }: { query: { subjectId?: string; siteId?: string } }, deps) => {
      if (query.subjectId) return siteOfRecord(deps.store, "subject", query.subjectId);
      if (query.siteId) return { siteId: query.siteId, label: `site '${query.siteId}'` };
      return undefined;
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: every record route has the same id parameter
function recordGuard(resource: RecordResource, action: Action): Guard<any> {
  if (resource.scope === "trial") return { on: "trial", action };
  return {
    on: "site",
    action,
    site: ({ params }: { params: { id: string } }, deps) =>
      siteOfRecord(deps.store, resource.entity, params.id),
  };
}

async function listRecords(
  c: Context<AppEnv>,
  resource: RecordResource,
  query: Record<string, unknown>,
  grant: Grant,
) {
  const {
    limit,
    offset,
    subjectId,
    siteId: _siteId,
    sort,
    search,
    ...where
  } = query as {
    limit: number;
    offset: number;
    subjectId?: string;
    siteId?: string;
    sort?: string;
    search?: string;
  } & Record<string, string>;
  const siteIds = resource.scope === "site" && grant.sites !== "all" ? [...grant.sites] : undefined;
  const filter = {
    subjectId,
    siteIds,
    where,
    contains: search && resource.search ? { field: resource.search, text: search } : undefined,
  };
  const page = await c.get("deps").store.transaction(grant.actor, async (tx) => ({
    records: await tx.records.list(resource.entity, {
      ...filter,
      sort: sort ? { field: sort.replace(/^-/, ""), descending: sort.startsWith("-") } : undefined,
      limit,
      offset,
    }),
    total: await tx.records.count(resource.entity, filter),
  }));
  return {
    json: {
      items: page.records.map((record: StoredRecord) =>
        presentRecord(grant, resource.entity, record),
      ),
      limit,
      offset,
      total: page.total,
    },
  };
}
