import { analytes, markerCutoff } from "@ciclo/trial";
import type { FormRow, StudyData } from "./study-data";

/** An SDTM variable: name, label, type and its core (required, expected, permissible). */
export interface SdtmVariable {
  name: string;
  label: string;
  type: "string" | "integer" | "float" | "date" | "datetime";
  core: "Req" | "Exp" | "Perm";
}

/** An SDTM dataset: its domain, label, class, variables in SDTMIG 3.4 order, and rows. */
export interface SdtmDataset {
  domain: string;
  label: string;
  class: string;
  /** The variables that identify a record, for Define-XML's KeySequence. */
  keys: string[];
  variables: SdtmVariable[];
  rows: Record<string, string | number | null>[];
}

type Row = Record<string, string | number | null>;

const v = (
  name: string,
  label: string,
  core: SdtmVariable["core"] = "Perm",
  type: SdtmVariable["type"] = "string",
): SdtmVariable => ({ name, label, type, core });

/** The identifier variables every subject-level domain starts with (SDTMIG 3.4 §4.1.2). */
const identifiers = (domain: string) => [
  v("STUDYID", "Study Identifier", "Req"),
  v("DOMAIN", "Domain Abbreviation", "Req"),
  v("USUBJID", "Unique Subject Identifier", "Req"),
  v(`${domain}SEQ`, "Sequence Number", "Req", "integer"),
];

/** CDISC CT route (C66729) of each route Ciclo records. */
const routeTerms: Record<string, string> = {
  im: "INTRAMUSCULAR",
  sc: "SUBCUTANEOUS",
  oral: "ORAL",
  iv: "INTRAVENOUS",
};

/** An analyte code as an SDTM test code: letters and digits, at most 8 (CA15-3 → CA153). */
export function sdtmTestCode(analyte: string): string {
  return analyte
    .replace(/[^A-Za-z0-9]/g, "")
    .toUpperCase()
    .slice(0, 8);
}

const text = (value: unknown): string | null =>
  value === null || value === undefined || value === "" ? null : String(value);
const yesNo = (value: unknown) => (value === true ? "Y" : value === false ? "N" : null);

/**
 * The study's SDTM datasets (SDTMIG 3.4 names, order and controlled terms): DM with SUPPDM,
 * EX, LB (LBLOINC, standard units, LBNRIND against the protocol's marker cut-offs, else the
 * reference range), TU/TR/RS (RECIST), AE (AETOXGR), DS and SV. --SEQ numbers each subject's
 * records of a domain 1, 2, … in the order of the form's key columns.
 *
 * @example
 * sdtmDatasets(data).map((dataset) => dataset.domain);
 * // => ["DM", "SUPPDM", "EX", "LB", "TU", "TR", "RS", "AE", "DS", "SV"]
 */
export function sdtmDatasets(data: StudyData): SdtmDataset[] {
  const studyId = data.study.code;
  const subjects = new Map(data.subjects.map((subject) => [subject.id, subject]));
  const usubjid = (subjectId: string) =>
    `${studyId}-${String(subjects.get(subjectId)?.pseudonym ?? subjectId)}`;
  const rowsOf = (form: FormRow["form"]) => data.rows.filter((row) => row.form === form);
  const siteCode = new Map(data.sites.map((site) => [site.id, String(site.code)]));
  const arms = new Map(data.description.protocol.arms.map((arm) => [arm.code, arm.label]));
  const sequenced = (domain: string, rows: Row[]): Row[] => {
    const next = new Map<string, number>();
    return rows.map((row) => {
      const seq = (next.get(String(row.USUBJID)) ?? 0) + 1;
      next.set(String(row.USUBJID), seq);
      const { STUDYID, DOMAIN, USUBJID, ...rest } = row;
      return { STUDYID, DOMAIN, USUBJID, [`${domain}SEQ`]: seq, ...rest };
    });
  };
  const base = (domain: string, row: FormRow) => ({
    STUDYID: studyId,
    DOMAIN: domain,
    USUBJID: usubjid(row.subjectId),
  });

  const enrolments = rowsOf("subjects");
  const deaths = new Map(
    rowsOf("follow-up")
      .filter((row) => row.values.vital_status === "dead")
      .map((row) => [row.subjectId, text(row.values.death_date ?? row.values.contact_date)]),
  );
  const dm: SdtmDataset = {
    domain: "DM",
    label: "Demographics",
    class: "SPECIAL PURPOSE",
    keys: ["STUDYID", "USUBJID"],
    variables: [
      v("STUDYID", "Study Identifier", "Req"),
      v("DOMAIN", "Domain Abbreviation", "Req"),
      v("USUBJID", "Unique Subject Identifier", "Req"),
      v("SUBJID", "Subject Identifier for the Study", "Req"),
      v("RFSTDTC", "Subject Reference Start Date/Time", "Exp", "date"),
      v("RFXSTDTC", "Date/Time of First Study Treatment", "Exp", "date"),
      v("RFICDTC", "Date/Time of Informed Consent", "Exp", "date"),
      v("DTHDTC", "Date/Time of Death", "Exp", "date"),
      v("DTHFL", "Subject Death Flag", "Exp"),
      v("SITEID", "Study Site Identifier", "Req"),
      v("BRTHDTC", "Date/Time of Birth", "Perm", "date"),
      v("SEX", "Sex", "Req"),
      v("ARMCD", "Planned Arm Code", "Req"),
      v("ARM", "Description of Planned Arm", "Req"),
      v("ACTARMCD", "Actual Arm Code", "Req"),
      v("ACTARM", "Description of Actual Arm", "Req"),
      v("COUNTRY", "Country", "Req"),
    ],
    rows: enrolments.map((row) => {
      const subject = subjects.get(row.subjectId);
      const arm = text(row.values.arm);
      return {
        ...base("DM", row),
        SUBJID: row.pseudonym,
        RFSTDTC: text(row.values.enrolment_date),
        RFXSTDTC: text(row.values.first_ifn_date),
        RFICDTC: text(row.values.enrolment_date),
        DTHDTC: deaths.get(row.subjectId) ?? null,
        DTHFL: deaths.has(row.subjectId) ? "Y" : null,
        SITEID: siteCode.get(String(subject?.siteId)) ?? null,
        BRTHDTC: text(row.values.year_of_birth),
        SEX: "F",
        ARMCD: arm ?? "NOTASSGN",
        ARM: arm ? (arms.get(arm) ?? arm) : "Not Assigned",
        ACTARMCD: arm ?? "NOTASSGN",
        ACTARM: arm ? (arms.get(arm) ?? arm) : "Not Assigned",
        COUNTRY: "ITA",
      };
    }),
  };

  // Subject fields the field description maps to SUPPDM, one qualifier row each.
  const supplemental = (
    data.description.forms.find((form) => form.form === "subjects")?.fields ?? []
  ).filter((field) => field.sdtm?.startsWith("SUPPDM."));
  const suppdm: SdtmDataset = {
    domain: "SUPPDM",
    label: "Supplemental Qualifiers for DM",
    class: "RELATIONSHIP",
    keys: ["STUDYID", "RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL", "QNAM"],
    variables: [
      v("STUDYID", "Study Identifier", "Req"),
      v("RDOMAIN", "Related Domain Abbreviation", "Req"),
      v("USUBJID", "Unique Subject Identifier", "Req"),
      v("IDVAR", "Identifying Variable", "Exp"),
      v("IDVARVAL", "Identifying Variable Value", "Exp"),
      v("QNAM", "Qualifier Variable Name", "Req"),
      v("QLABEL", "Qualifier Variable Label", "Req"),
      v("QVAL", "Data Value", "Req"),
      v("QORIG", "Origin", "Req"),
    ],
    rows: enrolments.flatMap((row) =>
      supplemental
        .filter((field) => text(row.values[field.column]) !== null)
        .map((field) => ({
          STUDYID: studyId,
          RDOMAIN: "DM",
          USUBJID: usubjid(row.subjectId),
          IDVAR: null,
          IDVARVAL: null,
          QNAM: (field.sdtm ?? "").split(".")[1],
          QLABEL: field.label.slice(0, 40),
          QVAL: String(row.values[field.column]),
          QORIG: "CRF",
        })),
    ),
  };

  const drugNames = new Map(
    data.description.protocol.arms.flatMap((arm) =>
      arm.drugs.map((drug) => [drug.code, drug.name]),
    ),
  );
  const ex: SdtmDataset = {
    domain: "EX",
    label: "Exposure",
    class: "INTERVENTIONS",
    keys: ["STUDYID", "USUBJID", "EXTRT", "EXSTDTC"],
    variables: [
      ...identifiers("EX"),
      v("EXTRT", "Name of Treatment", "Req"),
      v("EXDOSE", "Dose", "Exp", "float"),
      v("EXDOSU", "Dose Units", "Exp"),
      v("EXROUTE", "Route of Administration", "Perm"),
      v("EXSTDTC", "Start Date/Time of Treatment", "Exp", "datetime"),
      v("EXENDTC", "End Date/Time of Treatment", "Exp", "datetime"),
    ],
    // EX holds what was given; a skipped dose is not exposure.
    rows: sequenced(
      "EX",
      rowsOf("administrations")
        .filter((row) => row.values.status !== "skipped")
        .map((row) => ({
          ...base("EX", row),
          EXTRT: (drugNames.get(String(row.values.drug)) ?? String(row.values.drug)).toUpperCase(),
          EXDOSE: row.values.dose === null ? null : Number(row.values.dose),
          EXDOSU: text(row.values.unit),
          EXROUTE: routeTerms[String(row.values.route)] ?? null,
          EXSTDTC: text(row.values.given_at ?? row.values.scheduled_date),
          EXENDTC: text(row.values.given_at ?? row.values.scheduled_date),
        })),
    ),
  };

  const protocol = data.description.protocol;
  const lb: SdtmDataset = {
    domain: "LB",
    label: "Laboratory Test Results",
    class: "FINDINGS",
    keys: ["STUDYID", "USUBJID", "LBTESTCD", "LBDTC"],
    variables: [
      ...identifiers("LB"),
      v("LBTESTCD", "Lab Test or Examination Short Name", "Req"),
      v("LBTEST", "Lab Test or Examination Name", "Req"),
      v("LBCAT", "Category for Lab Test", "Exp"),
      v("LBORRES", "Result or Finding in Original Units", "Exp"),
      v("LBORRESU", "Original Units", "Exp"),
      v("LBORNRLO", "Reference Range Lower Limit in Orig Unit", "Exp"),
      v("LBORNRHI", "Reference Range Upper Limit in Orig Unit", "Exp"),
      v("LBSTRESC", "Character Result/Finding in Std Format", "Exp"),
      v("LBSTRESN", "Numeric Result/Finding in Standard Units", "Exp", "float"),
      v("LBSTRESU", "Standard Units", "Exp"),
      v("LBNRIND", "Reference Range Indicator", "Exp"),
      v("LBSTAT", "Completion Status", "Perm"),
      v("LBREASND", "Reason Test Not Done", "Perm"),
      v("LBLOINC", "LOINC Code", "Perm"),
      v("LBMETHOD", "Method of Test or Examination", "Perm"),
      v("LBTPT", "Planned Time Point Name", "Perm"),
      v("LBDTC", "Date/Time of Specimen Collection", "Exp", "datetime"),
    ],
    rows: sequenced(
      "LB",
      rowsOf("lab-results").map((row) => {
        const analyte = String(row.values.analyte);
        const definition = analytes[analyte];
        const value = row.values.value === null ? null : Number(row.values.value);
        const drawnOn = String(row.values.drawn_at).slice(0, 10);
        const subject = subjects.get(row.subjectId);
        const cutoff = protocol.markers.analytes.includes(analyte)
          ? markerCutoff(protocol, analyte, drawnOn, {
              site: subject ? String(subject.siteId) : null,
              assay: text(row.values.assay),
            })
          : undefined;
        const high = cutoff?.ok ? cutoff.value : (row.values.reference_high as number | null);
        const low = cutoff?.ok ? null : (row.values.reference_low as number | null);
        const indicator =
          value === null || (high === null && low === null)
            ? null
            : high !== null && value > high
              ? "HIGH"
              : low !== null && value < low
                ? "LOW"
                : "NORMAL";
        const code = text(row.values.code);
        return {
          ...base("LB", row),
          LBTESTCD: sdtmTestCode(analyte),
          LBTEST: definition?.label ?? analyte,
          LBCAT: definition ? definition.group.toUpperCase() : null,
          LBORRES: value === null ? null : String(value),
          LBORRESU: text(row.values.unit),
          LBORNRLO: text(row.values.reference_low),
          LBORNRHI: text(row.values.reference_high),
          LBSTRESC:
            value === null ? null : row.values.below_limit === true ? `<${value}` : String(value),
          LBSTRESN: row.values.below_limit === true ? null : value,
          LBSTRESU: definition?.unit ?? text(row.values.unit),
          LBNRIND: indicator,
          LBSTAT: value === null ? "NOT DONE" : null,
          LBREASND: value === null ? text(row.values.missing_reason) : null,
          LBLOINC: code && !code.startsWith("local:") ? code : null,
          LBMETHOD: text(row.values.assay),
          LBTPT: text(row.values.relation)?.toUpperCase() ?? null,
          LBDTC: text(row.values.drawn_at),
        };
      }),
    ),
  };

  const lesions = rowsOf("lesions");
  const lesionIds = new Map<string, string>();
  for (const row of lesions) {
    const key = `${row.subjectId}|${row.values.location}`;
    if (!lesionIds.has(key)) {
      const kind = String(row.values.kind);
      const prefix = kind === "target" ? "T" : kind === "new" ? "NEW" : "NT";
      const count = [...lesionIds.keys()].filter((each) =>
        each.startsWith(`${row.subjectId}|`),
      ).length;
      lesionIds.set(key, `${prefix}${String(count + 1).padStart(2, "0")}`);
    }
  }
  const lesionId = (row: FormRow) =>
    lesionIds.get(`${row.subjectId}|${row.values.location}`) ?? null;
  const firstSeen = new Set<string>();
  const tu: SdtmDataset = {
    domain: "TU",
    label: "Tumor/Lesion Identification",
    class: "FINDINGS",
    keys: ["STUDYID", "USUBJID", "TULNKID"],
    variables: [
      ...identifiers("TU"),
      v("TULNKID", "Link ID", "Exp"),
      v("TUTESTCD", "Tumor/Lesion ID Short Name", "Req"),
      v("TUTEST", "Tumor/Lesion ID Test Name", "Req"),
      v("TUORRES", "Tumor/Lesion ID Result", "Exp"),
      v("TULOC", "Location of the Tumor/Lesion", "Exp"),
      v("TUEVAL", "Evaluator", "Perm"),
      v("TUDTC", "Date/Time of Tumor/Lesion Identification", "Exp", "date"),
    ],
    rows: sequenced(
      "TU",
      lesions
        .filter((row) => {
          const key = `${row.subjectId}|${row.values.location}`;
          if (firstSeen.has(key)) return false;
          firstSeen.add(key);
          return true;
        })
        .map((row) => ({
          ...base("TU", row),
          TULNKID: lesionId(row),
          TUTESTCD: "TUMIDENT",
          TUTEST: "Tumor Identification",
          TUORRES:
            String(row.values.kind) === "target"
              ? "TARGET"
              : String(row.values.kind) === "new"
                ? "NEW"
                : "NON-TARGET",
          TULOC: text(row.values.location)?.toUpperCase() ?? null,
          TUEVAL: "INVESTIGATOR",
          TUDTC: text(row.values.assessed_on),
        })),
    ),
  };
  const tr: SdtmDataset = {
    domain: "TR",
    label: "Tumor/Lesion Results",
    class: "FINDINGS",
    keys: ["STUDYID", "USUBJID", "TRLNKID", "TRTESTCD", "TRDTC"],
    variables: [
      ...identifiers("TR"),
      v("TRLNKID", "Link ID", "Exp"),
      v("TRTESTCD", "Tumor/Lesion Assessment Short Name", "Req"),
      v("TRTEST", "Tumor/Lesion Assessment Test Name", "Req"),
      v("TRORRES", "Result or Finding in Original Units", "Exp"),
      v("TRORRESU", "Original Units", "Exp"),
      v("TRSTRESC", "Character Result/Finding in Std Format", "Exp"),
      v("TRSTRESN", "Numeric Result/Finding in Standard Units", "Perm", "float"),
      v("TRSTRESU", "Standard Units", "Perm"),
      v("TRDTC", "Date/Time of Tumor/Lesion Measurement", "Exp", "date"),
    ],
    rows: sequenced(
      "TR",
      lesions.map((row) => {
        const diameter = row.values.diameter_mm;
        const measured = diameter !== null && diameter !== undefined;
        return {
          ...base("TR", row),
          TRLNKID: lesionId(row),
          TRTESTCD: measured ? (row.values.lymph_node === true ? "SAXIS" : "LDIAM") : "TUMSTATE",
          TRTEST: measured
            ? row.values.lymph_node === true
              ? "Short Axis"
              : "Longest Diameter"
            : "Tumor State",
          TRORRES: measured ? String(diameter) : (text(row.values.status)?.toUpperCase() ?? null),
          TRORRESU: measured ? "mm" : null,
          TRSTRESC: measured ? String(diameter) : (text(row.values.status)?.toUpperCase() ?? null),
          TRSTRESN: measured ? Number(diameter) : null,
          TRSTRESU: measured ? "mm" : null,
          TRDTC: text(row.values.assessed_on),
        };
      }),
    ),
  };
  const rs: SdtmDataset = {
    domain: "RS",
    label: "Disease Response and Clin Classification",
    class: "FINDINGS",
    keys: ["STUDYID", "USUBJID", "RSTESTCD", "RSDTC"],
    variables: [
      ...identifiers("RS"),
      v("RSTESTCD", "Assessment Short Name", "Req"),
      v("RSTEST", "Assessment Name", "Req"),
      v("RSCAT", "Category for Assessment", "Exp"),
      v("RSORRES", "Result or Finding in Original Units", "Exp"),
      v("RSSTRESC", "Character Result/Finding in Std Format", "Exp"),
      v("RSEVAL", "Evaluator", "Perm"),
      v("RSDTC", "Date/Time of Assessment", "Exp", "date"),
    ],
    rows: sequenced(
      "RS",
      rowsOf("response-assessments").map((row) => ({
        ...base("RS", row),
        RSTESTCD: "OVRLRESP",
        RSTEST: "Overall Response",
        RSCAT: row.values.criteria === "WHO" ? "WHO" : "RECIST 1.1",
        RSORRES: text(row.values.overall_response),
        RSSTRESC: text(row.values.overall_response),
        RSEVAL: "INVESTIGATOR",
        RSDTC: text(row.values.assessed_on),
      })),
    ),
  };

  const ae: SdtmDataset = {
    domain: "AE",
    label: "Adverse Events",
    class: "EVENTS",
    keys: ["STUDYID", "USUBJID", "AEDECOD", "AESTDTC"],
    variables: [
      ...identifiers("AE"),
      v("AETERM", "Reported Term for the Adverse Event", "Req"),
      v("AEDECOD", "Dictionary-Derived Term", "Req"),
      v("AESER", "Serious Event", "Exp"),
      v("AETOXGR", "Standard Toxicity Grade", "Perm"),
      v("AESTDTC", "Start Date/Time of Adverse Event", "Exp", "date"),
      v("AEENDTC", "End Date/Time of Adverse Event", "Exp", "date"),
    ],
    rows: sequenced(
      "AE",
      rowsOf("adverse-events").map((row) => ({
        ...base("AE", row),
        AETERM: String(row.values.term),
        AEDECOD: String(row.values.term).toUpperCase(),
        AESER: yesNo(row.values.serious) ?? "N",
        AETOXGR: text(row.values.grade),
        AESTDTC: text(row.values.onset_date),
        AEENDTC: text(row.values.resolution_date),
      })),
    ),
  };

  const ds: SdtmDataset = {
    domain: "DS",
    label: "Disposition",
    class: "EVENTS",
    keys: ["STUDYID", "USUBJID", "DSDECOD", "DSSTDTC"],
    variables: [
      ...identifiers("DS"),
      v("DSTERM", "Reported Term for the Disposition Event", "Req"),
      v("DSDECOD", "Standardized Disposition Term", "Req"),
      v("DSCAT", "Category for Disposition Event", "Exp"),
      v("DSSTDTC", "Start Date/Time of Disposition Event", "Exp", "date"),
    ],
    rows: sequenced(
      "DS",
      [
        ...enrolments.map((row) => ({
          ...base("DS", row),
          DSTERM: "INFORMED CONSENT OBTAINED",
          DSDECOD: "INFORMED CONSENT OBTAINED",
          DSCAT: "PROTOCOL MILESTONE",
          DSSTDTC: text(row.values.enrolment_date),
        })),
        ...rowsOf("progressions").map((row) => ({
          ...base("DS", row),
          DSTERM: `PROGRESSIVE DISEASE (${String(row.values.method).toUpperCase()})`,
          DSDECOD: "PROGRESSIVE DISEASE",
          DSCAT: "DISPOSITION EVENT",
          DSSTDTC: text(row.values.progressed_on),
        })),
        ...rowsOf("follow-up")
          .filter((row) => row.values.vital_status !== "alive")
          .map((row) => ({
            ...base("DS", row),
            DSTERM: row.values.vital_status === "dead" ? "DEATH" : "LOST TO FOLLOW-UP",
            DSDECOD: row.values.vital_status === "dead" ? "DEATH" : "LOST TO FOLLOW-UP",
            DSCAT: "DISPOSITION EVENT",
            DSSTDTC: text(row.values.death_date ?? row.values.contact_date),
          })),
      ].sort(
        (a, b) =>
          a.USUBJID.localeCompare(b.USUBJID) || String(a.DSSTDTC).localeCompare(String(b.DSSTDTC)),
      ),
    ),
  };

  const visitNumbers = new Map<string, number>();
  const sv: SdtmDataset = {
    domain: "SV",
    label: "Subject Visits",
    class: "SPECIAL PURPOSE",
    keys: ["STUDYID", "USUBJID", "VISITNUM"],
    variables: [
      v("STUDYID", "Study Identifier", "Req"),
      v("DOMAIN", "Domain Abbreviation", "Req"),
      v("USUBJID", "Unique Subject Identifier", "Req"),
      v("VISITNUM", "Visit Number", "Req", "integer"),
      v("VISIT", "Visit Name", "Perm"),
      v("SVSTDTC", "Start Date/Time of Visit", "Exp", "date"),
      v("SVENDTC", "End Date/Time of Visit", "Exp", "date"),
    ],
    rows: rowsOf("visits").map((row) => {
      const visitNumber = (visitNumbers.get(row.subjectId) ?? 0) + 1;
      visitNumbers.set(row.subjectId, visitNumber);
      return {
        ...base("SV", row),
        VISITNUM: visitNumber,
        VISIT: `${String(row.values.kind).toUpperCase()} ${visitNumber}`,
        SVSTDTC: text(row.values.visit_date),
        SVENDTC: text(row.values.visit_date),
      };
    }),
  };

  return [dm, suppdm, ex, lb, tu, tr, rs, ae, ds, sv];
}
