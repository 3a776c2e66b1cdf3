import { serverDocument, trialReport } from "@ciclo/report";
import { storedText } from "@ciclo/store";
import { timeOrigins } from "@ciclo/trial";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import type { Grant } from "../authorize";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { studyOf } from "./csv-routes";
import { problemAnswer } from "./record-answers";

const ReportQuery = z
  .object({
    studyId: storedText()
      .min(1)
      .optional()
      .openapi({ description: "the study; may be left out while the database holds one study" }),
    origin: z
      .enum(timeOrigins)
      .optional()
      .openapi({ description: "time origin of PFS and OS; default the protocol's" }),
    landmark: z.coerce
      .number()
      .positive()
      .optional()
      .openapi({ description: "landmark in months; default the protocol's first" }),
    referenceArm: storedText()
      .min(1)
      .optional()
      .openapi({ description: "arm the hazard ratios are relative to; default the treated arm" }),
  })
  .strict();

type ReportQuery = z.infer<typeof ReportQuery>;

/**
 * The trial report (self-contained HTML) and every number of it as JSON, over the subjects of
 * the sites where the user may export (a statistician: all sites).
 */
export function reportRoutes(): Endpoint[] {
  return [
    defineEndpoint({
      method: "get",
      path: "/report.html",
      tag: "analyses",
      summary: "The trial report: one self-contained HTML document (text/html)",
      description:
        "KM curves with risk tables, medians, log-rank, Cox hazard ratios (unadjusted, adjusted, landmark, time-varying), the methods from the protocol, and the data snapshot hash. The same data give the same bytes.",
      query: ReportQuery,
      response: z.string().openapi({ description: "text/html" }),
      guard: { on: "sites", action: "export", someSite: true },
      handle: async ({ query }, grant, c) => {
        const report = await buildReport(query, grant, c);
        if ("error" in report) return report;
        return {
          response: c.body(report.html, 200, {
            "content-type": "text/html; charset=utf-8",
            "content-disposition": 'inline; filename="ciclo-report.html"',
          }),
        };
      },
    }),
    defineEndpoint({
      method: "get",
      path: "/analyses",
      tag: "analyses",
      summary: "Every number of the trial report as JSON",
      query: ReportQuery,
      response: z.record(z.string(), z.unknown()).openapi("TrialAnalyses"),
      guard: { on: "sites", action: "export", someSite: true },
      handle: async ({ query }, grant, c) => {
        const report = await buildReport(query, grant, c);
        return "error" in report ? report : { json: report.analyses };
      },
    }),
  ];
}

async function buildReport(query: ReportQuery, grant: Grant, c: Context<AppEnv>) {
  const { store, analysisInputs } = c.get("deps");
  const studyId = await studyOf(store, query.studyId, grant.sites);
  if (typeof studyId !== "string") return studyId;
  const siteIds = grant.sites === "all" ? undefined : [...grant.sites];
  const input = await analysisInputs(grant.actor, studyId, {
    siteIds,
    referenceArm: query.referenceArm,
  });
  if (!input.ok) return problemAnswer(input.problem);
  return trialReport(input.value.records, input.value.protocol, {
    document: serverDocument(),
    origin: query.origin,
    landmarkMonths: query.landmark,
    referenceArm: query.referenceArm,
    runtime: `Node.js ${process.version}`,
  });
}
