import { describe, expect, it } from "vitest";
import { checkEligibility, stageGateState } from "./eligibility";
import { eligibilitySchema } from "./randomization-schema";

const eligibility = eligibilitySchema.parse({
  inclusion: [
    {
      code: "postmenopausal",
      question: "Is the patient postmenopausal?",
      rule: { field: "menopausalStatus", in: ["post"] },
    },
    { code: "measurable", question: "Has she measurable or evaluable disease?" },
  ],
  exclusion: [{ code: "prior-cytokines", question: "Has she had cytokine therapy before?" }],
});

describe("eligibility", () => {
  it("admits a subject who meets every inclusion and no exclusion criterion", () => {
    const answers = { measurable: true, "prior-cytokines": false };
    expect(checkEligibility(eligibility, { menopausalStatus: "post" }, answers)).toEqual({
      ok: true,
    });
  });

  it("names the failed inclusion criterion, read from the record", () => {
    const answers = { measurable: true, "prior-cytokines": false };
    expect(checkEligibility(eligibility, { menopausalStatus: "pre" }, answers)).toEqual({
      ok: false,
      code: "ineligible",
      field: "postmenopausal",
      message:
        "not eligible: inclusion criterion 'postmenopausal' (Is the patient postmenopausal?) is not met",
    });
  });

  it("names a met exclusion criterion", () => {
    const answers = { postmenopausal: true, measurable: true, "prior-cytokines": true };
    expect(checkEligibility(eligibility, {}, answers)).toMatchObject({
      ok: false,
      field: "prior-cytokines",
      message:
        "not eligible: exclusion criterion 'prior-cytokines' (Has she had cytokine therapy before?) is met",
    });
  });

  it("refuses an answer that contradicts the record, and asks for a missing answer", () => {
    expect(
      checkEligibility(eligibility, { menopausalStatus: "pre" }, { postmenopausal: true }),
    ).toMatchObject({ ok: false, field: "postmenopausal", code: "ineligible" });
    expect(checkEligibility(eligibility, { menopausalStatus: "post" }, {})).toEqual({
      ok: false,
      code: "unanswered",
      field: "measurable",
      message: "answer 'Has she measurable or evaluable disease?' (measurable)",
    });
  });
});

describe("Simon's stage gate", () => {
  // n1 = 10, r1 = 1, n = 29: Simon's optimal design for p0 = 0.1, p1 = 0.3 (α 0.05, β 0.2).
  const gate = { design: "simon" as const, n1: 10, r1: 1, n: 29 };

  it("stays open through stage 1 and after enough responses", () => {
    expect(stageGateState(gate, { enrolled: 9, evaluable: 3, responses: 0 }).state).toBe("open");
    expect(stageGateState(gate, { enrolled: 10, evaluable: 10, responses: 2 }).state).toBe("open");
  });

  it("pauses until stage 1 is evaluable, and stops at r1 responses or fewer", () => {
    expect(stageGateState(gate, { enrolled: 10, evaluable: 8, responses: 1 }).state).toBe(
      "awaiting-stage-1",
    );
    expect(stageGateState(gate, { enrolled: 10, evaluable: 10, responses: 1 })).toEqual({
      state: "stopped",
      enrolled: 10,
      responses: 1,
      message:
        "enrolment is stopped: stage 1 showed 1 responses in 10 subjects, at most r1 = 1; a statistician must record the decision before anyone is enrolled",
    });
    expect(
      stageGateState(gate, { enrolled: 10, evaluable: 10, responses: 1 }, "continue").state,
    ).toBe("open");
  });
});
