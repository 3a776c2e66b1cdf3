import {
  bestOverallResponse,
  type Protocol,
  type StageGateState,
  stageGateState,
  type TimePointResponse,
} from "@ciclo/trial";
import type { Kysely } from "kysely";
import { appendAudit } from "./audit";
import { fail, ok, type Result } from "./problem";
import type { Database } from "./schema";
import type { Tx } from "./store";

/**
 * The stage gate of a Simon two-stage study as its records stand: stage 1 is the first n1
 * subjects enrolled (by enrolment date, then entry); one is evaluable once she has an
 * assessment other than NE, and responds when her best overall response under the protocol's
 * rules is CR or PR. A statistician's recorded decision to continue reopens a stopped gate.
 * A protocol without a stage gate is always open.
 */
export async function stageGateOf(
  trx: Kysely<Database>,
  studyId: string,
  protocol: Protocol,
): Promise<StageGateState> {
  const gate = protocol.stageGate;
  const enrolledCount = async () =>
    Number(
      (
        await trx
          .selectFrom("subject")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("studyId", "=", studyId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  if (!gate) return { state: "open", enrolled: await enrolledCount(), responses: 0 };
  const stage1 = (await trx
    .selectFrom("subject")
    .select(["id", "enrolmentDate"])
    .where("studyId", "=", studyId)
    .orderBy("enrolmentDate")
    .orderBy("createdAt")
    .orderBy("id")
    .limit(gate.n1)
    .execute()) as { id: string; enrolmentDate: string }[];
  const assessments = stage1.length
    ? ((await trx
        .selectFrom("responseAssessment")
        .select(["subjectId", "assessedOn", "criteria", "overallResponse"])
        .where(
          "subjectId",
          "in",
          stage1.map((subject) => subject.id),
        )
        .execute()) as (TimePointResponse & { subjectId: string })[])
    : [];
  let evaluable = 0;
  let responses = 0;
  for (const subject of stage1) {
    const own = assessments.filter((assessment) => assessment.subjectId === subject.id);
    if (!own.some((assessment) => assessment.overallResponse !== "NE")) continue;
    evaluable += 1;
    const best = bestOverallResponse(protocol, subject.enrolmentDate, own);
    if (best.response === "CR" || best.response === "PR") responses += 1;
  }
  const decision = await trx
    .selectFrom("stageGateDecision")
    .select("decision")
    .where("studyId", "=", studyId)
    .executeTakeFirst();
  return stageGateState(
    gate,
    { enrolled: await enrolledCount(), evaluable, responses },
    decision ? "continue" : undefined,
  );
}

/**
 * A statistician's decision to continue past a stopped stage gate, with its reason, audited.
 * Only a stopped gate takes a decision.
 */
export async function decideStageGate(
  tx: Tx,
  studyId: string,
  protocol: Protocol,
  reason: string,
): Promise<Result<{ decision: "continue"; decidedAt: string }>> {
  await tx.records.lockAllWrites();
  const state = await stageGateOf(tx.db, studyId, protocol);
  if (state.state !== "stopped")
    return fail({
      code: "invalid",
      field: "decision",
      message: `the stage gate is ${state.state}; a decision is recorded only when it has stopped enrolment`,
    });
  const row = {
    studyId,
    decision: "continue" as const,
    reason,
    decidedBy: tx.actor.userId,
    decidedByName: tx.actor.username,
    decidedAt: tx.now,
  };
  await tx.db.insertInto("stageGateDecision").values(row).execute();
  await appendAudit(tx.db, tx.actor, tx.now, [
    {
      action: "create",
      entity: "stageGateDecision",
      recordId: studyId,
      subjectId: null,
      field: "*",
      oldValue: null,
      newValue: row,
      reason,
    },
  ]);
  return ok({ decision: row.decision, decidedAt: row.decidedAt });
}
