import { fhirBundle, odmDocument, readStudyData } from "@ciclo/interop";
import { storedText, systemActor } from "@ciclo/store";
import { z } from "@hono/zod-openapi";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { readsPseudonymized } from "../policy";
import { siteOfRecord } from "../record-site";
import { StudyQuery, studyOf } from "./csv-routes";
import { problemAnswer } from "./record-answers";

const SubjectParams = z.object({
  subjectId: storedText()
    .min(1)
    .openapi({ param: { name: "subjectId", in: "path" } }),
});

const FhirResource = z
  .object({ resourceType: z.string() })
  .passthrough()
  .openapi("FhirResource", { description: "a FHIR R4 resource (JSON)" });

/**
 * The standards' reads (@ciclo/interop): a subject as FHIR R4, site-scoped like every read of
 * her records, and the study as a CDISC ODM 1.3.2 file for those who may export.
 */
export function standardsRoutes(): Endpoint[] {
  const subjectGuard = {
    on: "site" as const,
    action: "read" as const,
    site: (
      { params }: { params: { subjectId: string } },
      deps: { store: Parameters<typeof siteOfRecord>[0] },
    ) => siteOfRecord(deps.store, "subject", params.subjectId),
  };
  const bundleOf = async (
    subjectId: string,
    grant: Parameters<Endpoint["handle"]>[1],
    now: Date,
    c: Parameters<Endpoint["handle"]>[2],
  ) => {
    const store = c.get("deps").store;
    const subject = await store.transaction(systemActor, (tx) =>
      tx.records.get("subject", subjectId),
    );
    if (!subject.ok) return problemAnswer(subject.problem);
    const data = await store.transaction(grant.actor, (tx) =>
      readStudyData(tx, { studyId: String(subject.value.studyId), subjectId }),
    );
    if (!data.ok) return problemAnswer(data.problem);
    return {
      json: fhirBundle(data.value, {
        generatedAt: now,
        pseudonymized: readsPseudonymized(grant.actor),
      }),
    };
  };
  return [
    defineEndpoint({
      method: "get",
      path: "/fhir/Patient/{subjectId}",
      tag: "standards",
      summary: "A subject as a pseudonymous FHIR R4 Patient (no name, birth year only)",
      params: SubjectParams,
      response: FhirResource,
      guard: subjectGuard,
      handle: async ({ params }, grant, c) => {
        const bundle = await bundleOf(params.subjectId, grant, c.get("deps").clock(), c);
        if ("error" in bundle) return bundle;
        const patient = bundle.json.entry.find(
          (entry) => entry.resource.resourceType === "Patient",
        );
        return { json: patient?.resource };
      },
    }),
    defineEndpoint({
      method: "get",
      path: "/fhir/Patient/{subjectId}/$everything",
      tag: "standards",
      summary: "A subject's records as a FHIR R4 Bundle",
      description:
        "The study (ResearchStudy), the subject (Patient, ResearchSubject), her results (Observation with LOINC and UCUM), doses (MedicationAdministration) and adverse events (AdverseEvent).",
      params: SubjectParams,
      response: FhirResource,
      guard: subjectGuard,
      handle: async ({ params }, grant, c) => {
        return bundleOf(params.subjectId, grant, c.get("deps").clock(), c);
      },
    }),
    defineEndpoint({
      method: "get",
      path: "/standards/odm",
      tag: "import-export",
      summary: "The study as a CDISC ODM 1.3.2 snapshot, with audit records and signatures",
      description:
        "Only subjects of sites where you may export. Refused (403) to roles that read pseudonymized data: the file carries the audit trail.",
      query: StudyQuery,
      response: z.string().openapi({ description: "ODM XML" }),
      guard: { on: "sites", action: "export", someSite: true },
      handle: async ({ query }, grant, c) => {
        const { store, clock } = c.get("deps");
        // The file carries the audit trail: who changed what and why, in the sites' words.
        if (readsPseudonymized(grant.actor))
          return problemAnswer({
            code: "forbidden",
            message:
              "the ODM file carries the audit trail with names and reasons, which your role reads pseudonymized; use the CSV exports, or ask a data manager",
          });
        const studyId = await studyOf(store, query.studyId, grant.sites);
        if (typeof studyId !== "string") return studyId;
        const siteIds = grant.sites === "all" ? undefined : [...grant.sites];
        const data = await store.transaction(grant.actor, (tx) =>
          readStudyData(tx, { studyId, siteIds }),
        );
        if (!data.ok) return problemAnswer(data.problem);
        const xml = odmDocument(data.value, { generatedAt: clock() });
        return {
          response: c.body(xml, 200, {
            "content-type": "application/xml; charset=utf-8",
            "content-disposition": `attachment; filename="${data.value.study.code}-odm.xml"`,
          }),
        };
      },
    }),
  ];
}
