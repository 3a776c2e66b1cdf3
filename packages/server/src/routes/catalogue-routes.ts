import { drugs, roles, storedText, studyProtocol } from "@ciclo/store";
import { analytes, ctcaeTerms, immuneComparisonAnalytes, originLabels } from "@ciclo/trial";
import { z } from "@hono/zod-openapi";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { sitesWhere } from "../policy";
import { studyOf } from "./csv-routes";
import { problemAnswer } from "./record-answers";

const Catalogue = z
  .object({
    analytes: z.array(
      z.object({
        code: z.string(),
        label: z.string(),
        group: z.enum(["marker", "immune", "cytokine", "chemistry"]),
        unit: z.string().openapi({ description: "the unit values are kept in" }),
        units: z.array(z.string()).openapi({ description: "units that convert to it" }),
      }),
    ),
    markers: z.array(z.string()).openapi({ description: "the protocol's tumor markers" }),
    immunePanel: z.array(z.string()).openapi({
      description: "the immune parameters compared in clinical benefit and at progression",
    }),
    drugs: z.array(z.string()).openapi({ description: "the drugs an administration records" }),
    tregAnalyte: z.string(),
    arms: z.array(z.object({ code: z.string(), label: z.string(), control: z.boolean() })),
    analysis: z
      .object({
        origins: z.array(z.object({ code: z.string(), label: z.string() })),
        defaultOrigin: z.string(),
        landmarkMonths: z.array(z.number()),
      })
      .openapi({ description: "the time origins and landmarks the protocol offers the analyses" }),
    roles: z.array(
      z.object({
        role: z.string(),
        trialWide: z.boolean().openapi({ description: "holds for every site; carries no site" }),
      }),
    ),
    adverseEventTerms: z
      .array(
        z.object({
          term: z.string(),
          soc: z.string().openapi({ description: "MedDRA system organ class" }),
          grades: z
            .record(z.string(), z.string())
            .openapi({ description: "the CTCAE v5 definition of each grade the term has" }),
        }),
      )
      .openapi({ description: "the CTCAE v5 terms the adverse-event form offers" }),
  })
  .openapi("Catalogue");

/**
 * The choices the forms offer, from their owners: the analytes and CTCAE v5 terms of the trial engine,
 * the arms, markers and analysis options of the study's current protocol, and the roles of the
 * store.
 */
export function catalogueRoutes(): Endpoint[] {
  return [
    defineEndpoint({
      method: "get",
      path: "/catalogue",
      tag: "study",
      summary: "Analytes with units, arms, markers, analysis options and roles the pages offer",
      query: z
        .object({
          studyId: storedText()
            .min(1)
            .optional()
            .openapi({ description: "the study; may be left out while the database holds one" }),
        })
        .strict(),
      response: Catalogue,
      guard: { on: "signed-in" },
      handle: async ({ query }, grant, c) => {
        const store = c.get("deps").store;
        const studyId = await studyOf(store, query.studyId, sitesWhere(grant.actor, "read"));
        if (typeof studyId !== "string") return studyId;
        const protocol = await store.transaction(grant.actor, (tx) => studyProtocol(tx, studyId));
        if (!protocol.ok) return problemAnswer(protocol.problem);
        const { arms, markers, treg, outcomes } = protocol.value;
        return {
          json: {
            analytes: Object.values(analytes).map(({ code, label, group, unit, conversions }) => ({
              code,
              label,
              group,
              unit,
              units: Object.keys(conversions),
            })),
            markers: markers.analytes,
            immunePanel: immuneComparisonAnalytes,
            drugs,
            tregAnalyte: treg.analyte,
            arms: arms.map(({ code, label, control }) => ({ code, label, control })),
            analysis: {
              origins: outcomes.origins.map((code) => ({ code, label: originLabels[code] })),
              defaultOrigin: outcomes.defaultOrigin,
              landmarkMonths: outcomes.landmarkMonths,
            },
            adverseEventTerms: ctcaeTerms.map(({ term, soc, grades }) => ({ term, soc, grades })),
            roles: roles.map((role) => ({
              role,
              trialWide:
                sitesWhere({ ...nobody, roles: [{ role, siteId: null }] }, "read") === "all",
            })),
          },
        };
      },
    }),
  ];
}

const nobody = { userId: "", username: "", displayName: "", roles: [] };
