import {
  type AuditEvent,
  camel,
  csvFormats,
  type EntityName,
  findStudy,
  type ImportKind,
  importKinds,
  type Result,
  type StoredRecord,
  studyProtocol,
  type Tx,
} from "@ciclo/store";
import type { Protocol } from "@ciclo/trial";
import { describeStudy, type StudyDescription, subjectKeyColumn } from "./field-catalogue";

/** One row of a form: the values by column, and for each column the record that holds it. */
export interface FormRow {
  form: ImportKind;
  subjectId: string;
  pseudonym: string;
  values: Record<string, unknown>;
  /** The stored record each column's value comes from (a lab result's draw time: its sample). */
  sources: Record<string, { entity: EntityName; id: string }>;
  /** The row's own record. */
  record: { entity: EntityName; id: string };
}

/** A study as the standards read it: its description, people, places, rows and their history. */
export interface StudyData {
  study: { id: string; code: string; title: string };
  description: StudyDescription;
  sites: StoredRecord[];
  /** The study's users, without their password hashes. */
  users: { id: string; username: string; displayName: string }[];
  subjects: StoredRecord[];
  /** Every form's rows, subjects first, each form's rows in the order of its key columns. */
  rows: FormRow[];
  /** Each subject's audit trail, in sequence order. */
  audit: Map<string, AuditEvent[]>;
  /** The signatures of each subject's records. */
  signatures: Map<string, StoredRecord[]>;
}

const unlimited = 1_000_000;

/**
 * Reads a study through the store's repositories (its subjects at `siteIds`, all sites when
 * undefined; one subject when `subjectId` is given) for the ODM, SDTM and FHIR writers, in one transaction so that every file is one
 * consistent snapshot.
 */
export async function readStudyData(
  tx: Tx,
  {
    studyId,
    siteIds,
    subjectId,
  }: { studyId?: string; siteIds?: string[]; subjectId?: string } = {},
): Promise<Result<StudyData>> {
  const found = await findStudy(tx, studyId === undefined ? {} : { id: studyId });
  if (!found.ok) return found;
  const protocol = await studyProtocol(tx, found.value.id);
  if (!protocol.ok) return protocol;
  const studyRecord = await tx.records.get("study", found.value.id);
  if (!studyRecord.ok) return studyRecord;
  return {
    ok: true,
    value: await readWith(tx, studyRecord.value, protocol.value, siteIds, subjectId),
  };
}

async function readWith(
  tx: Tx,
  study: StoredRecord,
  protocol: Protocol,
  siteIds: string[] | undefined,
  subjectId: string | undefined,
): Promise<StudyData> {
  const sites = (await tx.records.list("site", { limit: unlimited })).filter(
    (site) => site.studyId === study.id && (!siteIds || siteIds.includes(site.id)),
  );
  const siteCode = new Map(sites.map((site) => [site.id, String(site.code)]));
  const subjects = (
    await tx.records.list("subject", { where: { studyId: study.id }, siteIds, limit: unlimited })
  )
    .filter((subject) => subjectId === undefined || subject.id === subjectId)
    .sort((a, b) => String(a.pseudonym).localeCompare(String(b.pseudonym)));
  const grants = await tx.records.list("roleAssignment", { limit: unlimited });
  const staff = new Set(
    grants
      .filter((grant) => grant.siteId === null || siteCode.has(String(grant.siteId)))
      .map((grant) => String(grant.userId)),
  );
  const users = (await tx.records.list("user", { limit: unlimited }))
    .filter((user) => staff.has(user.id))
    .map((user) => ({
      id: user.id,
      username: String(user.username),
      displayName: String(user.displayName),
    }));
  const rows: FormRow[] = [];
  const audit = new Map<string, AuditEvent[]>();
  const signatures = new Map<string, StoredRecord[]>();
  const perForm = new Map<ImportKind, FormRow[]>(importKinds.map((kind) => [kind, []]));
  for (const subject of subjects) {
    const pseudonym = String(subject.pseudonym);
    const list = (entity: EntityName) =>
      tx.records.list(entity, { subjectId: subject.id, limit: unlimited });
    const row = (
      form: ImportKind,
      record: StoredRecord,
      entity: EntityName,
      parent?: { entity: EntityName; record: StoredRecord; columns: string[] },
      extra: Record<string, unknown> = {},
    ): FormRow => {
      const values: Record<string, unknown> = {};
      const sources: FormRow["sources"] = {};
      for (const column of csvFormats[form].columns) {
        if (column.name === subjectKeyColumn) continue;
        const field = camel(column.name);
        const fromParent = parent?.columns.includes(column.name);
        const source = fromParent && parent ? parent.record : record;
        values[column.name] = column.name in extra ? extra[column.name] : (source[field] ?? null);
        sources[column.name] = {
          entity: fromParent && parent ? parent.entity : entity,
          id: source.id,
        };
      }
      return {
        form,
        subjectId: subject.id,
        pseudonym,
        values,
        sources,
        record: { entity, id: record.id },
      };
    };
    perForm.get("subjects")?.push(
      row("subjects", subject, "subject", undefined, {
        site_code: siteCode.get(String(subject.siteId)) ?? null,
      }),
    );
    for (const record of await list("administration"))
      perForm.get("administrations")?.push(row("administrations", record, "administration"));
    for (const record of await list("visit"))
      perForm.get("visits")?.push(row("visits", record, "visit"));
    const samples = new Map((await list("sample")).map((sample) => [sample.id, sample]));
    for (const record of await list("labResult")) {
      const sample = samples.get(String(record.sampleId));
      if (!sample) continue;
      perForm.get("lab-results")?.push(
        row("lab-results", record, "labResult", {
          entity: "sample",
          record: sample,
          columns: ["drawn_at", "relation", "cycle"],
        }),
      );
    }
    const assessments = await list("responseAssessment");
    const assessmentOf = new Map(assessments.map((assessment) => [assessment.id, assessment]));
    for (const record of assessments)
      perForm
        .get("response-assessments")
        ?.push(row("response-assessments", record, "responseAssessment"));
    for (const record of await list("lesion")) {
      const assessment = assessmentOf.get(String(record.assessmentId));
      if (!assessment) continue;
      perForm.get("lesions")?.push(
        row("lesions", record, "lesion", {
          entity: "responseAssessment",
          record: assessment,
          columns: ["assessed_on"],
        }),
      );
    }
    for (const record of await list("progression"))
      perForm.get("progressions")?.push(row("progressions", record, "progression"));
    for (const record of await list("adverseEvent"))
      perForm.get("adverse-events")?.push(row("adverse-events", record, "adverseEvent"));
    for (const record of await list("followUp"))
      perForm.get("follow-up")?.push(row("follow-up", record, "followUp"));
    audit.set(subject.id, await tx.audit.ofSubject(subject.id));
    signatures.set(subject.id, await list("signature"));
  }
  for (const kind of importKinds) rows.push(...sortByKey(kind, perForm.get(kind) ?? []));
  return {
    study: { id: study.id, code: String(study.code), title: String(study.title) },
    description: describeStudy(protocol),
    sites,
    users,
    subjects,
    rows,
    audit,
    signatures,
  };
}

/**
 * A form's rows in a fixed order: by subject, then by the form's key columns (the columns that
 * identify a row in the registry), so that the same records give the same file whatever order
 * they were created in.
 */
function sortByKey(kind: ImportKind, rows: FormRow[]): FormRow[] {
  const key = csvFormats[kind].key.filter((column) => column !== subjectKeyColumn);
  const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));
  return [...rows].sort(
    (a, b) =>
      a.pseudonym.localeCompare(b.pseudonym) ||
      key.reduce(
        (order, column) => order || text(a.values[column]).localeCompare(text(b.values[column])),
        0,
      ) ||
      JSON.stringify(a.values).localeCompare(JSON.stringify(b.values)),
  );
}
