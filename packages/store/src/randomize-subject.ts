import { randomBytes, randomUUID } from "node:crypto";
import {
  allocator,
  checkEligibility,
  type EligibilityAnswers,
  type Protocol,
  type RandomizationDesign,
} from "@ciclo/trial";
import { appendAudit } from "./audit";
import { fail, ok, type Result } from "./problem";
import { stageGateOf } from "./stage-gate";
import type { Tx } from "./store";
import { stratificationLevels } from "./stratification-levels";
import { studyProtocol } from "./study-analysis";

/** One subject's allocation as the store keeps it. */
export interface StoredAllocation {
  id: string;
  studyId: string;
  subjectId: string;
  /** 1, 2, 3 … in the study, with no gap. */
  sequence: number;
  stratum: string;
  /** The arm drawn; never changed (intention to treat). */
  arm: string;
  /** The subject's level of each stratification factor, e.g. `{ site: "PI", visceral: "yes" }`. */
  levels: Record<string, string>;
  /** The investigator's eligibility answers, by criterion code. */
  eligibility: EligibilityAnswers;
  randomizedBy: string;
  randomizedByName: string;
  randomizedAt: string;
  /** A correction: the arm the subject actually follows (null: the one drawn), and why. */
  treatedArm: string | null;
  correctionReason: string | null;
  correctedBy: string | null;
  correctedByName: string | null;
  correctedAt: string | null;
}

/** The audit trail's name for an allocation. */
export const allocationEntity = "allocation";

/**
 * Randomizes one enrolled subject of a randomized protocol, as one atomic, audited act: checks
 * her eligibility (no waivers), reads her stratification levels from her record, checks the
 * stage gate, draws her arm, stores the allocation and sets her arm.
 *
 * Two randomizations of one study take turns: the study's seed row is locked for the rest of the
 * transaction (after the audit chain's head, the lock every writer takes first, so no two
 * writers wait on each other), and only then are the study's allocations read and replayed into
 * a fresh allocator, so every subject receives the next sequence number, without gap or
 * duplicate, and the arm the same allocator would have given without a restart.
 *
 * Problems: `not_found`; `not_randomized` (the protocol chooses arms at enrolment);
 * `already_randomized`; `invalid` naming the record's field a stratification level needs, or
 * the unanswered criterion; `ineligible` naming the criterion that fails; `enrolment_stopped`
 * with the stage gate's message.
 *
 * @example
 * await store.transaction(actor, (tx) => randomizeSubject(tx, subjectId, { consent: true, … }));
 * // => { ok: true, value: { sequence: 1, arm: "immunotherapy", stratum: "PI/yes/>24", … } }
 */
export async function randomizeSubject(
  tx: Tx,
  subjectId: string,
  answers: EligibilityAnswers,
): Promise<Result<StoredAllocation>> {
  await tx.records.lockAllWrites();
  const subject = await tx.db
    .selectFrom("subject")
    .innerJoin("site", "site.id", "subject.siteId")
    .selectAll("subject")
    .select("site.code as siteCode")
    .where("subject.id", "=", subjectId)
    .executeTakeFirst();
  if (!subject) return fail({ code: "not_found", message: `no subject with id '${subjectId}'` });
  const protocol = await studyProtocol(tx, subject.studyId);
  if (!protocol.ok) return protocol;
  const design = protocol.value.randomization;
  if (!design)
    return fail({
      code: "not_randomized",
      message: `the protocol of this study does not randomize; the arm is chosen at enrolment`,
    });
  const made = await allocationOf(tx, subjectId);
  if (made)
    return fail({
      code: "already_randomized",
      message: `subject '${subject.pseudonym}' was randomized on ${made.randomizedAt} (number ${made.sequence}); a subject is randomized once, a mistake is corrected by the randomization manager`,
    });
  const levels = stratificationLevels(design.factors, subject);
  if (!levels.ok) return levels;
  const eligibility = protocol.value.eligibility ?? { inclusion: [], exclusion: [] };
  const verdict = checkEligibility(eligibility, subject, answers);
  if (!verdict.ok)
    return fail({
      code: verdict.code === "ineligible" ? "ineligible" : "invalid",
      field: `answers.${verdict.field}`,
      message: verdict.message,
    });
  if (protocol.value.stageGate) {
    const gate = await stageGateOf(tx.db, subject.studyId, protocol.value);
    if (gate.state !== "open")
      return fail({
        code: "enrolment_stopped",
        message:
          gate.state === "stopped"
            ? gate.message
            : `enrolment is paused: stage 1 has enrolled its subjects and ${gate.evaluable} are evaluable; it reopens when all are`,
      });
  }
  // Randomization writes the subject's arm: a signature on the subject locks it like any write.
  const locked = await tx.records.lockOf("subject", subject, subjectId);
  if (locked) return fail(locked);
  const seed = await lockedSeed(tx, subject.studyId);
  const next = allocator(design, seed);
  for (const previous of await allocationsOf(tx, subject.studyId)) {
    next.record(previous.levels, previous.arm);
  }
  const drawn = next.allocate(levels.value);
  if (!drawn.ok) return fail({ code: "invalid", field: drawn.field, message: drawn.message });
  const allocation: StoredAllocation = {
    id: randomUUID(),
    studyId: subject.studyId,
    subjectId,
    ...drawn.allocation,
    levels: levels.value,
    eligibility: answers,
    randomizedBy: tx.actor.userId,
    randomizedByName: tx.actor.username,
    randomizedAt: tx.now,
    treatedArm: null,
    correctionReason: null,
    correctedBy: null,
    correctedByName: null,
    correctedAt: null,
  };
  await tx.db
    .insertInto("allocation")
    .values({
      ...allocation,
      levels: JSON.stringify(allocation.levels),
      eligibility: JSON.stringify(allocation.eligibility),
    })
    .execute();
  // The arm is written here and nowhere else: the records repository refuses to set it.
  await tx.db
    .updateTable("subject")
    .set({ arm: allocation.arm, version: subject.version + 1, updatedAt: tx.now })
    .where("id", "=", subjectId)
    .execute();
  await appendAudit(tx.db, tx.actor, tx.now, [
    {
      action: "update",
      entity: "subject",
      recordId: subjectId,
      subjectId,
      field: "arm",
      oldValue: subject.arm,
      newValue: allocation.arm,
      reason: `randomized, number ${allocation.sequence}`,
    },
    {
      action: "create",
      entity: allocationEntity,
      recordId: allocation.id,
      subjectId,
      field: "*",
      oldValue: null,
      newValue: allocation,
      reason: null,
    },
  ]);
  return ok(allocation);
}

/**
 * Records a correction of a mistaken randomization: why, and the arm the subject actually
 * follows. The allocation drawn stays as it was and the subject's arm with it, so the analysis
 * by intention to treat is unchanged and both stay visible in the allocation list and the audit
 * trail.
 */
export async function correctAllocation(
  tx: Tx,
  subjectId: string,
  correction: { reason: string; treatedArm?: string | null },
): Promise<Result<StoredAllocation>> {
  await tx.records.lockAllWrites();
  const current = await allocationOf(tx, subjectId, true);
  if (!current)
    return fail({ code: "not_found", message: `subject '${subjectId}' is not randomized` });
  const reason = correction.reason.trim();
  if (!reason)
    return fail({
      code: "reason_required",
      field: "reason",
      message: "give the reason for the correction; the audit trail keeps it",
    });
  const treatedArm = correction.treatedArm ?? null;
  if (treatedArm !== null) {
    const protocol = await studyProtocol(tx, current.studyId);
    if (!protocol.ok) return protocol;
    const arms = protocol.value.arms.map((arm) => arm.code);
    if (!arms.includes(treatedArm))
      return fail({
        code: "invalid",
        field: "treatedArm",
        message: `'${treatedArm}' is not an arm of the protocol; use ${arms.join(" or ")}`,
      });
  }
  const changes = {
    treatedArm,
    correctionReason: reason,
    correctedBy: tx.actor.userId,
    correctedByName: tx.actor.username,
    correctedAt: tx.now,
  };
  await tx.db.updateTable("allocation").set(changes).where("id", "=", current.id).execute();
  await appendAudit(
    tx.db,
    tx.actor,
    tx.now,
    (["treatedArm", "correctionReason"] as const).map((field) => ({
      action: "update" as const,
      entity: allocationEntity,
      recordId: current.id,
      subjectId,
      field,
      oldValue: current[field],
      newValue: changes[field],
      reason,
    })),
  );
  return ok({ ...current, ...changes });
}

/** The allocation of one subject, if she is randomized. */
export async function allocationOf(
  tx: Tx,
  subjectId: string,
  forUpdate = false,
): Promise<StoredAllocation | undefined> {
  let query = tx.db.selectFrom("allocation").selectAll().where("subjectId", "=", subjectId);
  if (forUpdate) query = query.forUpdate();
  return (await query.executeTakeFirst()) as StoredAllocation | undefined;
}

/** Every allocation of a study, in sequence order. */
export async function allocationsOf(tx: Tx, studyId: string): Promise<StoredAllocation[]> {
  return (await tx.db
    .selectFrom("allocation")
    .selectAll()
    .where("studyId", "=", studyId)
    .orderBy("sequence")
    .execute()) as StoredAllocation[];
}

/**
 * The study's secret seed, its row locked until the transaction ends; made (256 random bits) by
 * the first randomization. No audit row copies it: the audit trail is readable at the sites.
 */
async function lockedSeed(tx: Tx, studyId: string): Promise<string> {
  await tx.db
    .insertInto("randomizationSecret")
    .values({ studyId, seed: randomBytes(32).toString("hex"), createdAt: tx.now })
    .onConflict((conflict) => conflict.column("studyId").doNothing())
    .execute();
  const row = await tx.db
    .selectFrom("randomizationSecret")
    .select("seed")
    .where("studyId", "=", studyId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.seed as string;
}
