import {
  type EntityName,
  entities,
  type StoredRecord,
  storedText,
  studyProtocol,
  type Tx,
} from "@ciclo/store";
import { type EditCheckFinding, editChecks } from "@ciclo/trial";
import type { Answer } from "../endpoint";

/** The body field that confirms the soft edit checks' warnings, with the reason why. */
export const confirmationField = {
  confirmationReason: storedText().trim().min(1).max(2000).optional().openapi({
    description:
      "why the values the edit checks warn about are right; without it such a write answers 422 `confirmation_required` with the warnings. Kept in the audit trail",
  }),
};

export type EditCheckGate =
  | {
      ok: true /** The audit reason of a confirmed write: the reason and what it confirms. */;
      reason?: string;
    }
  | { ok: false; answer: Answer };

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
  const known = new Set(
    options.before ? editChecks(entity, plain(options.before), context).map(keyOf) : [],
  );
  const findings = editChecks(entity, plain(record), context).filter((f) => !known.has(keyOf(f)));
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
  if (findings.length === 0) return { ok: true };
  if (options.confirmation)
    return {
      ok: true,
      reason: `${options.confirmation} (confirmed over the warning${findings.length > 1 ? "s" : ""}: ${findings.map((f) => f.message).join("; ")})`,
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
