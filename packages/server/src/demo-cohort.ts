import { type SimulatedCohort, seededRandom, simulateCohort } from "@ciclo/sim";
import {
  csvFormats,
  type ImportCounts,
  type ImportKind,
  importCsv,
  type Result,
  type Store,
  systemActor,
} from "@ciclo/store";
import type { Protocol } from "@ciclo/trial";
import { stringify } from "csv-stringify/sync";

/** One CSV file of a simulated cohort, in the store's import format. */
export interface CohortCsv {
  kind: ImportKind;
  csv: string;
  rows: number;
}

type Row = Record<string, string | number | boolean | null | undefined>;

/**
 * A simulated cohort as the CSV files `ciclo import` reads, in the order they must be imported
 * (subjects first). The header of each file is exactly the store's columns for that kind
 * (`csvFormats`), so the files prove the import format. Kinds without rows are left out.
 *
 * @example
 * const files = cohortCsv(simulateCohort(seedProtocol, spec, seededRandom(1)));
 * files[0].kind; // => "subjects"
 */
export function cohortCsv(cohort: SimulatedCohort): CohortCsv[] {
  const pseudonymOf = new Map(
    cohort.subjects.map((s) => [s.subjectId, s.pseudonym ?? s.subjectId]),
  );
  const pseudonym = (subjectId: string) => pseudonymOf.get(subjectId) ?? subjectId;
  const tables: [ImportKind, Row[]][] = [
    [
      "subjects",
      cohort.subjects.map((s) => ({
        site_code: s.siteId,
        pseudonym: pseudonym(s.subjectId),
        arm: s.arm,
        year_of_birth: s.yearOfBirth,
        menopausal_status: s.menopausalStatus,
        er_status: s.erStatus,
        pgr_status: s.pgrStatus,
        her2_status: s.her2Status,
        dfi_months: s.dfiMonths,
        bone_metastases: s.boneMetastases,
        soft_tissue_metastases: s.softTissueMetastases,
        visceral_metastases: s.visceralMetastases,
        metastatic_site_count: s.metastaticSiteCount,
        primary_diagnosis_date: s.primaryDiagnosisDate,
        metastasis_marker_date: s.metastasisMarkerDate,
        metastasis_imaging_date: s.metastasisImagingDate,
        hormone_therapy_start: s.hormoneTherapyStart,
        hormone_therapy_agent: s.hormoneTherapyAgent,
        biological_therapy: s.biologicalTherapy,
        clinical_benefit_date: s.clinicalBenefitDate,
        first_ifn_date: s.firstIfnDate,
        enrolment_date: s.enrolmentDate,
        eligible: true,
        status: s.status,
      })),
    ],
    [
      "administrations",
      cohort.administrations.map((a) => ({
        pseudonym: pseudonym(a.subjectId),
        drug: a.drug,
        scheduled_date: a.scheduledDate,
        given_at: a.givenAt,
        dose: a.dose,
        unit: a.unit,
        route: a.route,
        status: a.status,
        reason: a.reason,
        cycle: a.cycle,
        week: a.week,
      })),
    ],
    [
      "visits",
      cohort.visits.map((v) => ({
        pseudonym: pseudonym(v.subjectId),
        visit_date: v.visitDate,
        kind: v.kind,
      })),
    ],
    [
      "lab-results",
      cohort.labResults.map((r) => ({
        pseudonym: pseudonym(r.subjectId),
        drawn_at: r.drawnAt,
        relation: r.relation,
        cycle: r.cycle,
        analyte: r.analyte,
        value: r.value,
        unit: r.unit,
        below_limit: r.belowLimit,
        missing_reason: r.missingReason,
      })),
    ],
    [
      "progressions",
      cohort.progressions.map((p) => ({
        pseudonym: pseudonym(p.subjectId),
        progressed_on: p.progressedOn,
        method: p.method,
      })),
    ],
    [
      "response-assessments",
      cohort.responseAssessments.map((a) => ({
        pseudonym: pseudonym(a.subjectId),
        assessed_on: a.assessedOn,
        criteria: a.criteria,
        overall_response: a.overallResponse,
        method: a.method,
      })),
    ],
    [
      "lesions",
      cohort.responseAssessments.flatMap((a) =>
        (a.lesions ?? []).map((l) => ({
          pseudonym: pseudonym(a.subjectId),
          assessed_on: a.assessedOn,
          kind: l.kind,
          location: l.location,
          diameter_mm: l.diameterMm,
          status: l.status,
          lymph_node: l.lymphNode,
        })),
      ),
    ],
    [
      "adverse-events",
      cohort.adverseEvents.map((e) => ({
        pseudonym: pseudonym(e.subjectId),
        term: e.term,
        grade: e.grade,
        onset_date: e.onsetDate,
        resolution_date: e.resolutionDate,
        serious: e.serious,
        relation_ifn: e.relationIfn,
        relation_il2: e.relationIl2,
      })),
    ],
    [
      "follow-up",
      cohort.followUps.map((f) => ({
        pseudonym: pseudonym(f.subjectId),
        contact_date: f.contactDate,
        vital_status: f.vitalStatus,
        death_date: f.deathDate,
        death_cause: f.deathCause,
      })),
    ],
  ];
  return tables
    .filter(([, rows]) => rows.length > 0)
    .map(([kind, rows]) => {
      const columns = csvFormats[kind].columns.map((column) => column.name);
      const csv = stringify(
        rows.map((row) => columns.map((name) => cell(row[name]))),
        { header: true, columns },
      );
      return { kind, csv, rows: rows.length };
    });
}

function cell(value: Row[string]): string {
  if (value === null || value === undefined) return "";
  return String(value);
}

export interface DemoCohortOptions {
  protocol: Protocol;
  studyId: string;
  /** Site codes the demo study has (subjects are spread over them). */
  siteCodes: readonly string[];
  treated?: number;
  controls?: number;
  seed?: number;
}

/**
 * Simulates the demo cohort (42 treated, 95 controls by default: the pilot's size) and imports
 * it through the store's CSV import, file by file, in one transaction: the demo data go
 * through the same path, and the same checks, as a site's files.
 *
 * @example
 * const counts = await importDemoCohort(store, { protocol: seedProtocol, studyId, siteCodes: ["PI", "FI", "SI"] });
 * counts.ok && counts.value[0]; // => { kind: "subjects", rows: 137, … }
 */
export async function importDemoCohort(
  store: Store,
  { protocol, studyId, siteCodes, treated = 42, controls = 95, seed = 1 }: DemoCohortOptions,
): Promise<Result<ImportCounts[]>> {
  const cohort = simulateCohort(
    protocol,
    { treated, controls, sites: siteCodes },
    seededRandom(seed),
  );
  const files = cohortCsv(cohort);
  return store.transaction(systemActor, async (tx) => {
    const counts: ImportCounts[] = [];
    for (const file of files) {
      const imported = await importCsv(tx, {
        kind: file.kind,
        csv: file.csv,
        studyId,
        reason: "demo data: simulated cohort",
      });
      if (!imported.ok) return imported;
      counts.push(imported.value);
    }
    return { ok: true as const, value: counts };
  });
}
