import {
  type EntityName,
  entities,
  type StoredRecord,
  storedText,
  studyProtocol,
  type Tx,
} from "@ciclo/store";
import {
  cycleWeekOfDate,
  dateOfInstant,
  type EditCheckFinding,
  editChecks,
  type Protocol,
  type ResponseAssessmentRecord,
  recistDisagreement,
  type SubjectRecord,
  subjectResponse,
} from "@ciclo/trial";
import type { Answer } from "../endpoint";

/** The body field that confirms the soft edit checks' warnings, with the reason why. */
export const confirmationField = {
  confirmationReason: storedText().trim().min(1).max(2000).optional().openapi({
    description:
      "why the values the edit checks warn about are right; without it such a write answers 422 `confirmation_required` with the warnings. Kept in the audit trail",
  }),
};

/**
 * What the gate lets through: the audit reason of a confirmed write (the reason and what it
 * confirms), the fields taken from the date and the plan rather than from what was typed, and,
 * for a confirmed disagreement with RECIST, the query the monitor gets on the assessment.
 */
export type EditCheckGate =
  | { ok: true; reason?: string; derived?: Record<string, unknown>; query?: RecistQuery }
  | { ok: false; answer: Answer };

export interface RecistQuery {
  recordId: string;
  text: string;
}

/**
 * The edit checks of a clinical record before it is written, in the write's transaction:
 * a hard finding refuses it (422 `edit_check_failed`); soft findings (warnings) refuse it
 * (422 `confirmation_required`, every warning in `warnings`) unless the request confirms them
 * with a reason, which then becomes the audit reason. A change is checked only for what it
 * newly breaks: a warning the stored record already had was confirmed when it was written.
 *
 * @example
 * await editCheckGate(tx, "labResult", { sampleId, analyte: "CA15-3", value: 99_999, unit: "U/mL" }, { now });
 * // => { ok: false, answer: { status: 422, error: { code: "confirmation_required", … } } }
 */
export async function editCheckGate(
  tx: Tx,
  entity: EntityName,
  record: Record<string, unknown>,
  options: { now: Date; before?: StoredRecord; confirmation?: string },
): Promise<EditCheckGate> {
  if (!entities[entity].clinical) return { ok: true };
  const subject = entity === "subject" ? record : await subjectOf(tx, entity, record);
  if (!subject || typeof subject.studyId !== "string") return { ok: true };
  const protocol = await studyProtocol(tx, subject.studyId);
  if (!protocol.ok) return { ok: true };
  const context = {
    protocol: protocol.value,
    now: options.now.toISOString(),
    today: options.now.toISOString().slice(0, 10),
    subject: {
      arm: text(subject.arm),
      enrolmentDate: text(subject.enrolmentDate),
      firstIfnDate: text(subject.firstIfnDate),
    },
    il2GivenAt:
      entity === "sample" && typeof subject.id === "string"
        ? await il2Doses(tx, subject.id, protocol.value.sampling.il2Drug)
        : [],
  };
  const derived = cycleOf(entity, record, protocol.value, context.subject.firstIfnDate);
  const known = new Set(
    options.before ? editChecks(entity, plain(options.before), context).map(keyOf) : [],
  );
  const findings = editChecks(entity, plain(record), context).filter((f) => !known.has(keyOf(f)));
  const disagreement = await recistFinding(tx, entity, record, subject, protocol.value);
  if (disagreement) findings.push(disagreement.finding);
  const hard = findings.filter((finding) => finding.severity === "hard");
  if (hard.length > 0)
    return {
      ok: false,
      answer: {
        status: 422,
        error: {
          code: "edit_check_failed",
          message: hard[0].message,
          field: hard[0].field,
          problems: hard.map(({ field, message }) => ({ field, message })),
        },
      },
    };
  if (findings.length === 0) return { ok: true, derived };
  if (options.confirmation)
    return {
      ok: true,
      derived,
      reason: `${options.confirmation} (confirmed over the warning${findings.length > 1 ? "s" : ""}: ${findings.map((f) => f.message).join("; ")})`,
      query: disagreement && {
        recordId: disagreement.assessmentId,
        text: `${disagreement.finding.message.split(";")[0]}. The site's reason: ${options.confirmation}`,
      },
    };
  return {
    ok: false,
    answer: {
      status: 422,
      error: {
        code: "confirmation_required",
        message: `${findings[0].message}${findings.length > 1 ? ` (and ${findings.length - 1} more warnings)` : ""}. To keep the values, send them again with confirmationReason`,
        field: findings[0].field,
        warnings: findings.map(({ check, field, message }) => ({ check, field, message })),
      },
    },
  };
}

/**
 * The cycle and week of a dose, and the cycle of a draw, from its date and the subject's cycle 1
 * day 1 (her first IFN-β dose); nothing before cycle 1 or without a first dose.
 */
function cycleOf(
  entity: EntityName,
  record: Record<string, unknown>,
  protocol: Protocol,
  firstIfnDate: string | null,
): Record<string, unknown> {
  if (!firstIfnDate || (entity !== "administration" && entity !== "sample")) return {};
  const when =
    entity === "administration" ? (record.givenAt ?? record.scheduledDate) : record.drawnAt;
  if (typeof when !== "string" && !(when instanceof Date)) return {};
  const text = instantText(when);
  const date = text.length === 10 ? text : dateOfInstant(text);
  const { cycle, week } = cycleWeekOfDate(firstIfnDate, date, protocol.cycle.lengthDays);
  if (cycle < 1) return {};
  return entity === "administration" ? { cycle, week } : { cycle };
}

/**
 * The recorded overall response of the assessment a write touches, against the RECIST 1.1
 * response of its lesions with the write applied. Compared only once the assessment measures
 * every target lesion of the baseline, so that entering lesions one by one raises nothing.
 */
async function recistFinding(
  tx: Tx,
  entity: EntityName,
  record: Record<string, unknown>,
  subject: Record<string, unknown>,
  protocol: Protocol,
): Promise<{ finding: EditCheckFinding; assessmentId: string } | undefined> {
  if (entity !== "lesion" && entity !== "responseAssessment") return undefined;
  const assessmentId = entity === "lesion" ? record.assessmentId : record.id;
  if (typeof assessmentId !== "string" || typeof subject.id !== "string") return undefined;
  const [assessments, lesions] = await Promise.all([
    tx.records.list("responseAssessment", { subjectId: subject.id, limit: 100_000 }),
    tx.records.list("lesion", { subjectId: subject.id, limit: 100_000 }),
  ]);
  const pending = entity === "lesion" ? record : undefined;
  const allLesions: Record<string, unknown>[] = [
    ...lesions.filter((lesion) => !pending || lesion.id !== pending.id),
    ...(pending ? [pending] : []),
  ];
  const series = assessments.map((assessment) => ({
    ...(assessment.id === assessmentId && entity === "responseAssessment" ? record : assessment),
    id: assessment.id,
    lesions: allLesions.filter((lesion) => lesion.assessmentId === assessment.id),
  })) as unknown as (ResponseAssessmentRecord & { id: string })[];
  const target = series.find((assessment) => assessment.id === assessmentId);
  const baseline = series
    .filter((a) => a.criteria === "RECIST1.1" && (a.lesions ?? []).length > 0)
    .sort((a, b) => (a.assessedOn < b.assessedOn ? -1 : 1))[0];
  if (!target || !baseline || baseline.id === target.id) return undefined;
  const measured = new Set(
    (target.lesions ?? []).filter((l) => l.kind === "target").map((l) => l.location),
  );
  const complete = (baseline.lesions ?? [])
    .filter((lesion) => lesion.kind === "target")
    .every((lesion) => measured.has(lesion.location));
  if (!complete) return undefined;
  const { id, ...fields } = subject;
  const response = subjectResponse(
    protocol,
    { ...plain(fields), subjectId: id } as unknown as SubjectRecord,
    series,
  );
  const assessed = response.assessments.find((a) => a.assessedOn === target.assessedOn);
  const finding = assessed && recistDisagreement(assessed.recorded, assessed.recist);
  return finding ? { finding, assessmentId } : undefined;
}

function keyOf(finding: EditCheckFinding): string {
  return `${finding.check} ${finding.field}`;
}

/** The subject a record belongs to: by its own subjectId, or by its parent's (a result's sample). */
async function subjectOf(
  tx: Tx,
  entity: EntityName,
  record: Record<string, unknown>,
): Promise<StoredRecord | undefined> {
  let subjectId = record.subjectId;
  const parent = (entities[entity] as { parent?: { field: string; entity: EntityName } }).parent;
  if (typeof subjectId !== "string" && parent && typeof record[parent.field] === "string") {
    const found = await tx.records.get(parent.entity, record[parent.field] as string);
    subjectId = found.ok ? found.value.subjectId : undefined;
  }
  if (typeof subjectId !== "string") return undefined;
  const subject = await tx.records.get("subject", subjectId);
  return subject.ok ? subject.value : undefined;
}

async function il2Doses(tx: Tx, subjectId: string, drug: string): Promise<string[]> {
  const rows = await tx.db
    .selectFrom("administration")
    .select("givenAt")
    .where("subjectId", "=", subjectId)
    .where("drug", "=", drug)
    .where("status", "=", "given")
    .where("givenAt", "is not", null)
    .execute();
  return rows.map((row) => instantText(row.givenAt));
}

/** A record's values as the checks read them: dates and instants as ISO text. */
function plain(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([field, value]) => [
      field,
      value instanceof Date ? instantText(value) : value,
    ]),
  );
}

function instantText(value: unknown): string {
  return value instanceof Date ? value.toISOString().replace(/\.000Z$/, "Z") : String(value);
}

function text(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === "string" ? value : null;
}
