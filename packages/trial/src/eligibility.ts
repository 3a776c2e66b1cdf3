import type { Eligibility, EligibilityCriterion, StageGate } from "./randomization-schema";

/** The investigator's answer to each criterion's question, by criterion code. */
export type EligibilityAnswers = Record<string, boolean>;

export type EligibilityVerdict =
  | { ok: true }
  | { ok: false; code: "ineligible" | "unanswered"; field: string; message: string };

/**
 * Whether a subject may be randomized: every inclusion criterion met and no exclusion
 * criterion met. A criterion with a rule is read from the subject's recorded fields when they
 * hold it (the record wins over the checklist: an answer that contradicts it is refused); a
 * criterion without a rule, or whose field is not recorded, takes the investigator's answer.
 * There are no waivers: the first criterion that fails is named.
 *
 * @example
 * checkEligibility(protocol.eligibility, { menopausalStatus: "pre" }, { postmenopausal: true });
 * // => { ok: false, code: "ineligible", field: "postmenopausal", message: "…" }
 */
export function checkEligibility(
  eligibility: Eligibility,
  subject: Record<string, unknown>,
  answers: EligibilityAnswers,
): EligibilityVerdict {
  for (const [kind, criteria] of [
    ["inclusion", eligibility.inclusion],
    ["exclusion", eligibility.exclusion],
  ] as const) {
    for (const criterion of criteria) {
      const met = criterionMet(criterion, subject, answers);
      if (typeof met !== "boolean") return met;
      if (met !== (kind === "inclusion"))
        return {
          ok: false,
          code: "ineligible",
          field: criterion.code,
          message: `not eligible: ${kind} criterion '${criterion.code}' (${criterion.question}) is ${met ? "met" : "not met"}`,
        };
    }
  }
  return { ok: true };
}

function criterionMet(
  criterion: EligibilityCriterion,
  subject: Record<string, unknown>,
  answers: EligibilityAnswers,
): boolean | Exclude<EligibilityVerdict, { ok: true }> {
  const answer = answers[criterion.code];
  const recorded = criterion.rule ? subject[criterion.rule.field] : undefined;
  if (criterion.rule && recorded !== undefined && recorded !== null) {
    const fromRecord = criterion.rule.in.includes(recorded as string | number | boolean);
    if (answer !== undefined && answer !== fromRecord)
      return {
        ok: false,
        code: "ineligible",
        field: criterion.code,
        message: `the answer to '${criterion.code}' contradicts the recorded ${criterion.rule.field} '${String(recorded)}'; correct the record or the answer`,
      };
    return fromRecord;
  }
  if (answer === undefined)
    return {
      ok: false,
      code: "unanswered",
      field: criterion.code,
      message: `answer '${criterion.question}' (${criterion.code})`,
    };
  return answer;
}

export type StageGateState =
  | { state: "open"; enrolled: number; responses: number }
  | { state: "awaiting-stage-1"; enrolled: number; responses: number; evaluable: number }
  | { state: "stopped"; enrolled: number; responses: number; message: string };

/**
 * Whether a Simon two-stage trial may enrol: open until stage 1 has enrolled n1 subjects; then
 * closed until all n1 are evaluable; stopped when they show r1 responses or fewer (until a
 * statistician records a decision to continue), open again when they show more.
 *
 * @example
 * stageGateState({ design: "simon", n1: 10, r1: 1, n: 29 }, { enrolled: 10, evaluable: 10, responses: 1 });
 * // => { state: "stopped", … }
 */
export function stageGateState(
  gate: StageGate,
  stage1: { enrolled: number; evaluable: number; responses: number },
  decision?: "continue",
): StageGateState {
  const { enrolled, evaluable, responses } = stage1;
  if (enrolled < gate.n1 || decision === "continue") return { state: "open", enrolled, responses };
  if (evaluable < gate.n1) return { state: "awaiting-stage-1", enrolled, responses, evaluable };
  if (responses <= gate.r1)
    return {
      state: "stopped",
      enrolled,
      responses,
      message: `enrolment is stopped: stage 1 showed ${responses} responses in ${gate.n1} subjects, at most r1 = ${gate.r1}; a statistician must record the decision before anyone is enrolled`,
    };
  return { state: "open", enrolled, responses };
}
