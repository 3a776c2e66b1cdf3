import { parseProtocol } from "@ciclo/trial";
import type { Kysely } from "kysely";
import type { Problem } from "./problem";
import type { Database } from "./schema";
import { stageGateOf } from "./stage-gate";

/**
 * Who gives a subject her arm. In a protocol that randomizes, randomization does, once: the
 * enrolment leaves the arm out, and no change may set or alter it afterwards (a mistake is a
 * correction of the allocation, which keeps the arm drawn). Otherwise the enrolment names one
 * of the protocol's arms.
 *
 * @example
 * await subjectArmProblem(trx, { studyId, arm: "control" }, "create");
 * // => { code: "invalid", field: "arm", message: "leave the arm out: … randomizes …" } in a randomized study
 */
export async function subjectArmProblem(
  trx: Kysely<Database>,
  subject: { id?: string; studyId: string; arm?: unknown },
  act: "create" | "change",
): Promise<Problem | undefined> {
  const randomized = await protocolRandomizes(trx, subject.studyId);
  if (act === "create") {
    if (randomized && subject.arm !== undefined && subject.arm !== null)
      return {
        code: "invalid",
        field: "arm",
        message:
          "leave the arm out: this study's protocol randomizes, and the arm is given when the subject is randomized",
      };
    if (!randomized && (subject.arm === undefined || subject.arm === null))
      return { code: "invalid", field: "arm", message: "give the subject's arm, e.g. control" };
    return undefined;
  }
  if (!randomized) {
    return subject.arm === null
      ? { code: "invalid", field: "arm", message: "give the subject's arm, e.g. control" }
      : undefined;
  }
  const allocated = subject.id
    ? await trx
        .selectFrom("allocation")
        .select("sequence")
        .where("subjectId", "=", subject.id)
        .executeTakeFirst()
    : undefined;
  return {
    code: allocated ? "already_randomized" : "invalid",
    field: "arm",
    message: allocated
      ? `the arm of a randomized subject cannot be changed (allocation number ${allocated.sequence}); the randomization manager records a correction, which keeps the arm drawn`
      : "the arm of this study's subjects is given by randomization; randomize the subject instead",
  };
}

/**
 * Whether a new subject may be enrolled in the study: a single-arm Simon trial stops enrolment at
 * every site when stage 1 fails, until a statistician records the decision (`stageGateOf`).
 */
export async function stageGateProblem(
  trx: Kysely<Database>,
  studyId: string,
): Promise<Problem | undefined> {
  const document = await protocolDocument(trx, studyId);
  if (!document?.stageGate) return undefined;
  const parsed = parseProtocol(document);
  if (!parsed.ok) return undefined;
  const gate = await stageGateOf(trx, studyId, parsed.protocol);
  if (gate.state === "open") return undefined;
  return {
    code: "enrolment_stopped",
    message:
      gate.state === "stopped"
        ? gate.message
        : `enrolment is paused: stage 1 has enrolled its ${gate.enrolled} subjects and ${gate.evaluable} are evaluable; it reopens when all are`,
  };
}

/** Whether the study's protocol in force (its latest version) has a randomization section. */
async function protocolRandomizes(trx: Kysely<Database>, studyId: string): Promise<boolean> {
  const document = await protocolDocument(trx, studyId);
  return document?.randomization !== undefined && document?.randomization !== null;
}

/** The document of the study's latest protocol version, unparsed. */
async function protocolDocument(
  trx: Kysely<Database>,
  studyId: string,
): Promise<Record<string, unknown> | undefined> {
  const latest = await trx
    .selectFrom("protocolVersion")
    .select("document")
    .where("studyId", "=", studyId)
    .orderBy("number", "desc")
    .limit(1)
    .executeTakeFirst();
  return latest?.document as Record<string, unknown> | undefined;
}
