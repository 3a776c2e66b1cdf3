import {
  allocationOf,
  correctAllocation,
  decideStageGate,
  randomizeSubject,
  type StoredAllocation,
  storedText,
  studyProtocol,
} from "@ciclo/store";
import { z } from "@hono/zod-openapi";
import { stringify } from "csv-stringify/sync";
import type { AppDeps } from "../app-env";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { siteOfRecord } from "../record-site";
import { studyOf } from "./csv-routes";
import { answerResult } from "./record-answers";

const SubjectParam = z.object({
  id: storedText()
    .min(1)
    .openapi({ param: { name: "id", in: "path" }, description: "the subject's id" }),
});

/** What a site sees of an allocation once it is made. */
const Randomization = z
  .object({
    arm: z.string(),
    stratum: z.string().openapi({ example: "PI/yes/>24" }),
    sequence: z.number().int().openapi({ description: "1, 2, 3 … in the study, without gap" }),
    randomizedAt: z.string().openapi({ description: "UTC" }),
  })
  .openapi("Randomization");

/** An allocation as the randomization manager reads it, with its subject and any correction. */
const Allocation = z
  .object({
    studyId: z.string(),
    sequence: z.number().int(),
    subjectId: z.string(),
    pseudonym: z.string(),
    siteCode: z.string(),
    stratum: z.string(),
    levels: z.record(z.string(), z.string()),
    arm: z.string().openapi({ description: "the arm drawn; never changed (intention to treat)" }),
    eligibility: z.record(z.string(), z.boolean()),
    randomizedByName: z.string(),
    randomizedAt: z.string(),
    treatedArm: z.string().nullable(),
    correctionReason: z.string().nullable(),
    correctedByName: z.string().nullable(),
    correctedAt: z.string().nullable(),
  })
  .openapi("Allocation");

const StudyQuery = z
  .object({
    studyId: storedText()
      .min(1)
      .optional()
      .openapi({ description: "the study; left out: every study's, study by study" }),
  })
  .strict();

const subjectSite = ({ params }: { params: { id: string } }, deps: AppDeps) =>
  siteOfRecord(deps.store, "subject", params.id);

const shown = (allocation: StoredAllocation) => ({
  arm: allocation.arm,
  stratum: allocation.stratum,
  sequence: allocation.sequence,
  randomizedAt: allocation.randomizedAt,
});

/**
 * Randomization of the phase II: a site randomizes its enrolled subjects one at a time and sees
 * each allocation once made; only the randomization manager reads the whole list. No endpoint
 * serves the seed.
 */
export function randomizationRoutes(): Endpoint[] {
  return [
    defineEndpoint({
      method: "post",
      path: "/subjects/{id}/randomization",
      tag: "randomization",
      summary: "Randomize an enrolled subject",
      description:
        "Sends the answers to the protocol's eligibility criteria (by criterion code); criteria the record holds are read from it. One atomic, audited act: the next sequence number of the study and the arm drawn by the protocol's method from the study's secret seed. 400 names a missing record field or unanswered criterion, 422 the criterion that fails (no waivers), 409 a subject already randomized, a protocol that does not randomize, or enrolment stopped by the stage gate.",
      params: SubjectParam,
      body: z
        .object({
          answers: z
            .record(storedText(), z.boolean())
            .openapi({ example: { consent: true, "prior-cytokines": false } }),
        })
        .strict(),
      response: Randomization,
      status: 201,
      guard: { on: "site", action: "randomize", site: subjectSite },
      handle: async ({ params, body }, grant, c) =>
        answerResult(
          await c
            .get("deps")
            .store.transaction(grant.actor, (tx) => randomizeSubject(tx, params.id, body.answers)),
          shown,
          201,
        ),
    }),
    defineEndpoint({
      method: "get",
      path: "/subjects/{id}/randomization",
      tag: "randomization",
      summary: "The allocation of a randomized subject",
      description: "404 while the subject is not randomized.",
      params: SubjectParam,
      response: Randomization,
      guard: { on: "site", action: "read", site: subjectSite },
      handle: async ({ params }, grant, c) => {
        const allocation = await c
          .get("deps")
          .store.transaction(grant.actor, (tx) => allocationOf(tx, params.id));
        return allocation
          ? { json: shown(allocation) }
          : {
              status: 404,
              error: { code: "not_found", message: "the subject is not randomized yet" },
            };
      },
    }),
    defineEndpoint({
      method: "get",
      path: "/randomization/allocations",
      tag: "randomization",
      summary: "Every allocation of the study, in sequence order (randomization manager)",
      description:
        "For the final analysis. Only the randomization manager may read it; every site role and the statistician are refused (403), so the next allocation stays concealed.",
      query: StudyQuery,
      response: z.object({ items: z.array(Allocation) }),
      guard: { on: "trial", action: "allocations.read" },
      handle: async ({ query }, grant, c) => {
        const allocations = await allocationList(c.get("deps").store, query.studyId, grant.actor);
        return { json: { items: allocations } };
      },
    }),
    defineEndpoint({
      method: "get",
      path: "/randomization/allocations/csv",
      tag: "randomization",
      summary: "Every allocation of the study as CSV (randomization manager)",
      query: StudyQuery,
      response: "csv",
      guard: { on: "trial", action: "allocations.read" },
      handle: async ({ query }, grant, c) => {
        const allocations = await allocationList(c.get("deps").store, query.studyId, grant.actor);
        const columns = Object.keys(Allocation.shape) as (keyof (typeof allocations)[number])[];
        const rows = allocations.map((allocation) =>
          columns.map((column) => {
            const value = allocation[column];
            return typeof value === "object" && value !== null ? JSON.stringify(value) : value;
          }),
        );
        return {
          csv: stringify([columns, ...rows]),
          filename: "allocations.csv",
        };
      },
    }),
    defineEndpoint({
      method: "post",
      path: "/subjects/{id}/randomization/correction",
      tag: "randomization",
      summary: "Correct a mistaken randomization (randomization manager)",
      description:
        "Records why, and the arm the subject actually follows. The arm drawn stays the subject's arm for the analysis by intention to treat, and both stay in the allocation list and the audit trail.",
      params: SubjectParam,
      body: z
        .object({
          reason: storedText().trim().min(1, "give the reason for the correction"),
          treatedArm: storedText().min(1).nullable().optional(),
        })
        .strict(),
      response: Allocation.omit({ pseudonym: true, siteCode: true }),
      guard: { on: "trial", action: "allocations.correct" },
      handle: async ({ params, body }, grant, c) =>
        answerResult(
          await c
            .get("deps")
            .store.transaction(grant.actor, (tx) => correctAllocation(tx, params.id, body)),
          (allocation) => allocation,
        ),
    }),
    defineEndpoint({
      method: "post",
      path: "/stage-gate/decision",
      tag: "randomization",
      summary: "Record the decision to continue past a stopped stage gate (statistician)",
      description:
        "A Simon two-stage study stops enrolment at every site when stage 1 shows r1 responses or fewer; a statistician's decision, with its reason, reopens it.",
      query: StudyQuery,
      body: z
        .object({ reason: storedText().trim().min(1, "give the reason for the decision") })
        .strict(),
      response: z.object({ decision: z.literal("continue"), decidedAt: z.string() }),
      status: 201,
      guard: { on: "trial", action: "stage-gate.decide" },
      handle: async ({ query, body }, grant, c) => {
        const store = c.get("deps").store;
        const studyId = await studyOf(store, query.studyId);
        if (typeof studyId !== "string") return studyId;
        return answerResult(
          await store.transaction(grant.actor, async (tx) => {
            const protocol = await studyProtocol(tx, studyId);
            if (!protocol.ok) return protocol;
            return decideStageGate(tx, studyId, protocol.value, body.reason);
          }),
          (decision) => decision,
          201,
        );
      },
    }),
  ];
}

/** The allocations (of one study, or of all) with their subjects' pseudonyms and sites, in order. */
async function allocationList(
  store: AppDeps["store"],
  studyId: string | undefined,
  actor: { userId: string; username: string },
) {
  const rows = await store.transaction(actor, (tx) => {
    let query = tx.db
      .selectFrom("allocation")
      .innerJoin("subject", "subject.id", "allocation.subjectId")
      .innerJoin("site", "site.id", "subject.siteId")
      .selectAll("allocation")
      .select(["subject.pseudonym", "site.code as siteCode"]);
    if (studyId) query = query.where("allocation.studyId", "=", studyId);
    return query.orderBy("allocation.studyId").orderBy("allocation.sequence").execute();
  });
  return rows.map((row) => Allocation.parse(row));
}
