import { ucumUnit } from "./field-catalogue";
import type { FormRow, StudyData } from "./study-data";

/** A FHIR R4 resource, as JSON. */
export type FhirResource = { resourceType: string; id?: string } & Record<string, unknown>;

/** The code systems Ciclo's own codes live in (an analyte without LOINC code, a pseudonym). */
const cicloSystem = {
  analyte: "urn:ciclo:analyte",
  drug: "urn:ciclo:drug",
  pseudonym: (studyCode: string) => `urn:ciclo:${studyCode}:pseudonym`,
  ctcaeGrade: "urn:ciclo:fhir:ctcae-grade",
};

/** SNOMED CT codes of the routes Ciclo records. */
const routes: Record<string, { code: string; display: string }> = {
  im: { code: "78421000", display: "Intramuscular route" },
  sc: { code: "34206005", display: "Subcutaneous route" },
  oral: { code: "26643006", display: "Oral route" },
  iv: { code: "47625008", display: "Intravenous route" },
};

/** FHIR's status of an administration for each status Ciclo records. */
const administrationStatus: Record<string, string> = {
  given: "completed",
  skipped: "not-done",
  delayed: "on-hold",
};

/** FHIR's status of a research subject for each subject status. */
const subjectStatus: Record<string, string> = {
  active: "on-study",
  progressed: "follow-up",
  withdrawn: "withdrawn",
  dead: "off-study",
  completed: "off-study",
};

const present = (value: unknown) => value !== null && value !== undefined && value !== "";
const reference = (type: string, id: string) => ({ reference: `${type}/${id}` });

/**
 * The study as a FHIR R4 `Bundle` (type collection): the ResearchStudy, and for each subject a
 * pseudonymous Patient (no name, birth year only), her ResearchSubject with arm and status,
 * an Observation per lab result (LOINC, UCUM, reference range and interpretation), a
 * MedicationAdministration per dose (given, skipped or delayed, with SNOMED route) and an
 * AdverseEvent per adverse event (CTCAE grade, seriousness, outcome).
 *
 * @example
 * const data = await store.transaction(actor, (tx) => readStudyData(tx, { subjectId }));
 * data.ok && fhirBundle(data.value, { generatedAt: new Date() }).entry.length; // => 312
 */
export function fhirBundle(
  data: StudyData,
  {
    generatedAt,
    pseudonymized = false,
  }: {
    generatedAt: Date;
    /** For a reader without identifying access: the sites' free text (reasons) is left out. */
    pseudonymized?: boolean;
  },
): FhirResource & { entry: { resource: FhirResource }[] } {
  const resources: FhirResource[] = [researchStudy(data)];
  const pseudonymSystem = cicloSystem.pseudonym(data.study.code);
  for (const subject of data.subjects) {
    const rows = data.rows.filter((row) => row.subjectId === subject.id);
    const enrolment = rows.find((row) => row.form === "subjects");
    resources.push(patient(subject.id, String(subject.pseudonym), pseudonymSystem, enrolment));
    resources.push(researchSubject(subject.id, data, enrolment));
    for (const row of rows) {
      const shown = pseudonymized ? withoutFreeText(row) : row;
      if (row.form === "lab-results") resources.push(observation(shown));
      if (row.form === "administrations") resources.push(administration(shown, data));
      if (row.form === "adverse-events") resources.push(adverseEvent(row));
    }
  }
  return {
    resourceType: "Bundle",
    type: "collection",
    timestamp: generatedAt.toISOString(),
    entry: resources.map((resource) => ({ resource })),
  };
}

/** A row without the free text a site writes (why a dose was skipped, why a value is missing). */
function withoutFreeText(row: FormRow): FormRow {
  return { ...row, values: { ...row.values, reason: null, missing_reason: null } };
}

function researchStudy(data: StudyData): FhirResource {
  const { protocol } = data.description;
  return {
    resourceType: "ResearchStudy",
    id: data.study.id,
    identifier: [{ system: "urn:ciclo:study", value: data.study.code }],
    title: data.study.title,
    status: "active",
    protocol: [{ display: `${protocol.id} ${protocol.version}` }],
    arm: protocol.arms.map((arm) => ({ name: arm.code, description: arm.label })),
    site: data.sites.map((site) => ({ display: String(site.name) })),
  };
}

function patient(
  id: string,
  pseudonym: string,
  system: string,
  enrolment: FormRow | undefined,
): FhirResource {
  const year = enrolment?.values.year_of_birth;
  return {
    resourceType: "Patient",
    id,
    meta: {
      security: [
        { system: "http://terminology.hl7.org/CodeSystem/v3-ObservationValue", code: "PSEUDED" },
      ],
    },
    identifier: [{ system, value: pseudonym }],
    gender: "female",
    ...(present(year) ? { birthDate: String(year) } : {}),
  };
}

function researchSubject(
  id: string,
  data: StudyData,
  enrolment: FormRow | undefined,
): FhirResource {
  const values = enrolment?.values ?? {};
  return {
    resourceType: "ResearchSubject",
    id: `rs-${id}`,
    status: subjectStatus[String(values.status)] ?? "on-study",
    ...(present(values.enrolment_date) ? { period: { start: String(values.enrolment_date) } } : {}),
    study: reference("ResearchStudy", data.study.id),
    individual: reference("Patient", id),
    ...(present(values.arm) ? { assignedArm: String(values.arm) } : {}),
  };
}

function observation(row: FormRow): FhirResource {
  const values = row.values;
  const code = String(values.code ?? "");
  const analyte = String(values.analyte);
  const coding =
    code && !code.startsWith("local:")
      ? { system: "http://loinc.org", code, display: analyte }
      : { system: cicloSystem.analyte, code: analyte, display: analyte };
  const unit = String(values.unit ?? "");
  const quantity = (value: unknown) => ({
    value: Number(value),
    unit,
    system: "http://unitsofmeasure.org",
    code: ucumUnit(unit),
  });
  const low = values.reference_low;
  const high = values.reference_high;
  const value = values.value;
  const interpretation =
    present(value) && (present(low) || present(high))
      ? Number(value) < Number(low ?? Number.NEGATIVE_INFINITY)
        ? "L"
        : Number(value) > Number(high ?? Number.POSITIVE_INFINITY)
          ? "H"
          : "N"
      : undefined;
  return {
    resourceType: "Observation",
    id: row.record.id,
    status: "final",
    category: [
      {
        coding: [
          {
            system: "http://terminology.hl7.org/CodeSystem/observation-category",
            code: "laboratory",
          },
        ],
      },
    ],
    code: { coding: [coding], text: analyte },
    subject: reference("Patient", row.subjectId),
    effectiveDateTime: String(values.drawn_at),
    ...(present(value)
      ? {
          valueQuantity: {
            ...quantity(value),
            ...(values.below_limit === true ? { comparator: "<" } : {}),
          },
        }
      : {
          dataAbsentReason: {
            coding: [
              {
                system: "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                code: "unknown",
              },
            ],
            ...(present(values.missing_reason) ? { text: String(values.missing_reason) } : {}),
          },
        }),
    ...(interpretation
      ? {
          interpretation: [
            {
              coding: [
                {
                  system: "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
                  code: interpretation,
                },
              ],
            },
          ],
        }
      : {}),
    ...(present(low) || present(high)
      ? {
          referenceRange: [
            {
              ...(present(low) ? { low: quantity(low) } : {}),
              ...(present(high) ? { high: quantity(high) } : {}),
            },
          ],
        }
      : {}),
    ...(present(values.assay) ? { method: { text: String(values.assay) } } : {}),
  };
}

function administration(row: FormRow, data: StudyData): FhirResource {
  const values = row.values;
  const drugCode = String(values.drug);
  const drug = data.description.protocol.arms
    .flatMap((arm) => arm.drugs)
    .find((each) => each.code === drugCode);
  const route = routes[String(values.route)];
  const unit = String(values.unit ?? "");
  return {
    resourceType: "MedicationAdministration",
    id: row.record.id,
    status: administrationStatus[String(values.status)] ?? "unknown",
    ...(present(values.reason) ? { statusReason: [{ text: String(values.reason) }] } : {}),
    medicationCodeableConcept: {
      coding: [{ system: cicloSystem.drug, code: drugCode }],
      text: drug?.name ?? drugCode,
    },
    subject: reference("Patient", row.subjectId),
    effectiveDateTime: String(values.given_at ?? values.scheduled_date),
    ...(present(values.dose) || route
      ? {
          dosage: {
            ...(route
              ? { route: { coding: [{ system: "http://snomed.info/sct", ...route }] } }
              : {}),
            ...(present(values.dose)
              ? {
                  dose: {
                    value: Number(values.dose),
                    unit,
                    system: "http://unitsofmeasure.org",
                    code: ucumUnit(unit),
                  },
                }
              : {}),
          },
        }
      : {}),
  };
}

function adverseEvent(row: FormRow): FhirResource {
  const values = row.values;
  const grade = Number(values.grade);
  const severity = grade <= 1 ? "mild" : grade === 2 ? "moderate" : "severe";
  return {
    resourceType: "AdverseEvent",
    id: row.record.id,
    extension: [{ url: cicloSystem.ctcaeGrade, valueInteger: grade }],
    actuality: "actual",
    event: { text: String(values.term) },
    subject: reference("Patient", row.subjectId),
    date: String(values.onset_date),
    seriousness: {
      coding: [
        {
          system: "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness",
          code: values.serious === true ? "serious" : "non-serious",
        },
      ],
    },
    severity: {
      coding: [
        { system: "http://terminology.hl7.org/CodeSystem/adverse-event-severity", code: severity },
      ],
    },
    outcome: {
      coding: [
        {
          system: "http://terminology.hl7.org/CodeSystem/adverse-event-outcome",
          code: present(values.resolution_date) ? "resolved" : "ongoing",
        },
      ],
    },
  };
}
