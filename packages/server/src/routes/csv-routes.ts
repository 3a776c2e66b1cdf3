import {
  columnDictionary,
  exportCsv,
  findStudy,
  type ImportKind,
  importCsv,
  importKinds,
  type Store,
  storedText,
  systemActor,
} from "@ciclo/store";
import { z } from "@hono/zod-openapi";
import type { ApiError } from "../api-error";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { readsPseudonymized } from "../policy";
import { answerResult, problemAnswer } from "./record-answers";

const KindParam = z.object({
  kind: z
    .enum(importKinds)
    .openapi({ param: { name: "kind", in: "path" }, example: "lab-results" }),
});

export const StudyQuery = z
  .object({
    studyId: storedText()
      .min(1)
      .optional()
      .openapi({ description: "the study; may be left out while the database holds one study" }),
  })
  .strict();

const ImportQuery = StudyQuery.extend({
  reason: storedText()
    .trim()
    .min(1)
    .optional()
    .openapi({ description: "kept with every audit row of the import" }),
}).strict();

const ImportCounts = z
  .object({
    kind: z.enum(importKinds),
    rows: z.number().int(),
    created: z.record(z.string(), z.number().int()),
  })
  .openapi("ImportCounts");

/**
 * CSV import (all or nothing, 422 with every bad row) and export in long format, each kind with
 * its column dictionary. Rows of sites where the user may not write are refused like unknown ones.
 */
export function csvRoutes(): Endpoint[] {
  return [
    defineEndpoint({
      method: "post",
      path: "/import/{kind}",
      tag: "import-export",
      summary: "Import a CSV file (all or nothing)",
      description:
        "The body is the CSV text (Content-Type: text/csv) with the columns of the kind's dictionary. If any row is bad nothing is written and the 422 answer lists every bad row in `problems` ({ row, field, message }).",
      params: KindParam,
      query: ImportQuery,
      body: "csv",
      response: ImportCounts,
      guard: { on: "sites", action: "write", someSite: true },
      handle: async ({ params, query, body }, grant, c) => {
        const store = c.get("deps").store;
        const studyId = await studyOf(store, query.studyId, grant.sites);
        if (typeof studyId !== "string") return studyId;
        const siteIds = grant.sites === "all" ? undefined : [...grant.sites];
        return answerResult(
          await store.transaction(grant.actor, (tx) =>
            importCsv(tx, {
              kind: params.kind,
              csv: body as Uint8Array,
              studyId,
              siteIds,
              reason: query.reason,
            }),
          ),
          (counts) => counts,
        );
      },
    }),
    defineEndpoint({
      method: "get",
      path: "/export/{kind}",
      tag: "import-export",
      summary: "Export one kind as CSV, one row per record (one per result for lab results)",
      description:
        "Only subjects of sites where you may export; the columns are those the import reads.",
      params: KindParam,
      query: StudyQuery,
      response: "csv",
      guard: { on: "sites", action: "export", someSite: true },
      handle: async ({ params, query }, grant, c) => {
        const store = c.get("deps").store;
        const studyId = await studyOf(store, query.studyId, grant.sites);
        if (typeof studyId !== "string") return studyId;
        const siteIds = grant.sites === "all" ? undefined : [...grant.sites];
        const pseudonymized = readsPseudonymized(grant.actor);
        const csv = await store.transaction(grant.actor, (tx) =>
          exportCsv(tx.db, params.kind, { studyId, siteIds, pseudonymized }),
        );
        return { csv, filename: `${params.kind}.csv` };
      },
    }),
    defineEndpoint({
      method: "get",
      path: "/export/{kind}/dictionary",
      tag: "import-export",
      summary: "The column dictionary of a CSV kind: name, type, required, unit or values, meaning",
      params: KindParam,
      response: "csv",
      guard: { on: "trial", action: "read" },
      handle: async ({ params }) => ({
        csv: columnDictionary(params.kind as ImportKind),
        filename: `${params.kind}-dictionary.csv`,
      }),
    }),
  ];
}

/**
 * The study named; else the only one; else, when every site the user works at belongs to one
 * study, that study (a Pisa investigator exports the pilot, a Livorno coordinator the phase II);
 * an error answer otherwise.
 */
export async function studyOf(
  store: Store,
  studyId: string | undefined,
  sites: "all" | readonly string[] = "all",
): Promise<string | { error: ApiError; status: number }> {
  const study = await store.transaction(systemActor, async (tx) => {
    const named = await findStudy(tx, { id: studyId });
    if (named.ok || studyId !== undefined || sites === "all" || sites.length === 0) return named;
    const studies = await tx.db
      .selectFrom("site")
      .select("studyId")
      .distinct()
      .where("id", "in", [...sites])
      .execute();
    return studies.length === 1 ? findStudy(tx, { id: studies[0].studyId as string }) : named;
  });
  return study.ok ? study.value.id : problemAnswer(study.problem);
}
