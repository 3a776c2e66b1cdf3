import { type EntityName, storedText, studyProtocol, type Tx } from "@ciclo/store";
import {
  type AdministrationRecord,
  cycleLayout,
  type FollowUpRecord,
  type LabResultRecord,
  markerChart,
  type ProgressionRecord,
  type ResponseAssessmentRecord,
  type SubjectRecord,
  subjectResponse,
} from "@ciclo/trial";
import { z } from "@hono/zod-openapi";
import { type Answer, defineEndpoint, type Endpoint } from "../endpoint";
import { siteOfRecord } from "../record-site";
import { problemAnswer } from "./record-answers";

const Cutoff = z.object({
  value: z.number(),
  unit: z.string(),
  site: z.string().openapi({ description: "the cut-off version's site, '*' for every site" }),
  assay: z.string().openapi({ description: "the cut-off version's assay, '*' for any assay" }),
  validFrom: z.string(),
});

const SubjectCharts = z
  .object({
    markers: z.object({
      standardization: z.enum(["cutoff", "baseline"]),
      points: z.array(
        z.object({
          analyte: z.string(),
          drawnAt: z.string(),
          relation: z.enum(["pre", "post", "routine"]).nullable(),
          cycle: z.number().nullable(),
          value: z.number(),
          unit: z.string(),
          standardized: z.number(),
          cutoff: Cutoff.nullable().openapi({
            description: "the cut-off of the draw's site, assay and date",
          }),
        }),
      ),
      postIl2Windows: z.array(
        z.object({
          cycle: z.number(),
          il2At: z.string(),
          opensAt: z.string(),
          closesAt: z.string(),
        }),
      ),
      problems: z.array(z.string()),
    }),
    cycles: z.object({
      startDate: z.string().openapi({ description: "cycle 1 day 1" }),
      lengthDays: z.number(),
      phases: z.array(
        z.object({
          name: z.string(),
          fromDay: z.number(),
          toDay: z.number().openapi({ description: "exclusive" }),
          drugs: z.array(z.string()),
        }),
      ),
    }),
    response: z
      .object({
        assessments: z.array(
          z.object({
            assessedOn: z.string(),
            recorded: z.string().nullable(),
            recist: z.string().nullable().openapi({
              description: "the RECIST 1.1 time-point response computed from the lesions",
            }),
            targetSum: z.number().nullable(),
          }),
        ),
        best: z.object({ response: z.string(), assessedOn: z.string().nullable() }).nullable(),
        clinicalBenefit: z.object({ value: z.boolean(), reason: z.string() }).nullable(),
        problems: z.array(z.string()),
      })
      .openapi({
        description:
          "each assessment's RECIST 1.1 response, the best overall response and clinical benefit",
      }),
  })
  .openapi("SubjectCharts");

const SubjectParams = z.object({ subjectId: storedText().min(1) });

/**
 * What the subject page draws, computed by the trial engine with the study's current protocol:
 * her marker draws standardized with the cut-off of her site, assay and date, the post-IL-2
 * windows of her plan, and the cycle's phases.
 */
export function subjectChartRoutes(): Endpoint[] {
  return [
    defineEndpoint({
      method: "get",
      path: "/subjects/{subjectId}/charts",
      tag: "subjects",
      summary: "A subject's standardized markers, post-IL-2 windows and cycle phases",
      description:
        "Each marker draw divided by the cut-off valid on its date for the subject's site and the result's assay (or by the cycle's pre-IL-2 value, as the protocol's standardization says), with the cut-off used; the post-IL-2 sampling windows of the subject's plan (after the IL-2 doses the protocol names); and the protocol's cycle length and phases.",
      params: SubjectParams,
      response: SubjectCharts,
      guard: {
        on: "site",
        action: "read",
        site: ({ params }, deps) => siteOfRecord(deps.store, "subject", params.subjectId),
      },
      handle: async ({ params }, grant, c) => {
        const answer = await c
          .get("deps")
          .store.transaction(grant.actor, (tx) => chartsOf(tx, params.subjectId));
        return answer;
      },
    }),
  ];
}

async function chartsOf(tx: Tx, subjectId: string): Promise<Answer> {
  const stored = await tx.records.get("subject", subjectId);
  if (!stored.ok) throw new Error(`subject ${subjectId} passed the guard but is gone`);
  const { id, ...fields } = stored.value;
  const subject = { ...fields, subjectId: id } as unknown as SubjectRecord;
  const protocol = await studyProtocol(tx, String(stored.value.studyId));
  if (!protocol.ok) return problemAnswer(protocol.problem);
  const [administrations, samples, results, progressions, followUps, assessments, lesions] =
    await Promise.all(
      (
        [
          "administration",
          "sample",
          "labResult",
          "progression",
          "followUp",
          "responseAssessment",
          "lesion",
        ] as const
      ).map((entity) => recordsOf(tx, entity, subjectId)),
    );
  const sampleOf = new Map(samples.map((sample) => [sample.id, sample]));
  const labResults = results.flatMap((result) => {
    const sample = sampleOf.get(String(result.sampleId));
    if (!sample) return [];
    return [
      {
        ...result,
        drawnAt: sample.drawnAt,
        relation: sample.relation,
        cycle: sample.cycle,
        siteId: subject.siteId,
      } as unknown as LabResultRecord,
    ];
  });
  const events = {
    subject,
    administrations: administrations as unknown as AdministrationRecord[],
    labResults,
    progressions: progressions as unknown as ProgressionRecord[],
    followUps: followUps as unknown as FollowUpRecord[],
  };
  return {
    json: {
      markers: markerChart(protocol.value, events),
      cycles: cycleLayout(protocol.value, subject),
      response: subjectResponse(
        protocol.value,
        subject,
        assessments.map((assessment) => ({
          ...(assessment as unknown as ResponseAssessmentRecord),
          lesions: lesions.filter((lesion) => lesion.assessmentId === assessment.id) as never,
        })),
      ),
    },
  };
}

/** Every record of one subject of an entity (a subject has far fewer than the limit). */
function recordsOf(tx: Tx, entity: EntityName, subjectId: string) {
  return tx.records.list(entity, { subjectId, limit: 100_000 });
}
