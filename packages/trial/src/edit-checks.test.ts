import { describe, expect, it } from "vitest";
import { ctcaeTerm, ctcaeTermOfAnalyte, ctcaeTerms } from "./ctcae-terms";
import { type EditCheckContext, editChecks } from "./edit-checks";
import { seedProtocol } from "./seed-protocol";

// Cycle 1 day 1 on Monday 2025-01-06; the seed protocol's cycle is 70 days, IFN-β in weeks 1–4,
// IL-2 (3,000,000 IU) in weeks 5–8, post-IL-2 draws 24–72 h after a dose.
const context: EditCheckContext = {
  protocol: seedProtocol,
  today: "2025-03-03",
  now: "2025-03-03T09:00:00Z",
  subject: { arm: "treated", enrolmentDate: "2025-01-06", firstIfnDate: "2025-01-06" },
  il2GivenAt: ["2025-02-03T09:00:00Z", "2025-02-05T09:00:00Z"],
};

const il2 = {
  drug: "il-2",
  status: "given",
  givenAt: "2025-02-03T09:00:00Z", // day 29: week 5 of cycle 1
  dose: 3_000_000,
  unit: "IU",
};

function only(entity: string, record: Record<string, unknown>, at = context) {
  return editChecks(entity, record, at).map(({ check, severity, field, message }) => ({
    check,
    severity,
    field,
    message,
  }));
}

describe("hard edit checks refuse", () => {
  it("an IL-2 dose outside its protocol weeks without a deviation reason", () => {
    // 2025-01-07 is day 2: week 1 of cycle 1, an IFN-β week.
    expect(only("administration", { ...il2, givenAt: "2025-01-07T09:00:00Z" })).toEqual([
      {
        check: "dose_outside_weeks",
        severity: "hard",
        field: "givenAt",
        message:
          "IL-2 (recombinant) is given in weeks 5–8 of a cycle, and 2025-01-07 falls in week 1 of cycle 1; correct Given at, or give the deviation in Reason (skip, delay or deviation)",
      },
    ]);
    expect(
      only("administration", {
        ...il2,
        givenAt: "2025-01-07T09:00:00Z",
        reason: "given early by the ward, see note",
      }),
    ).toEqual([]);
    expect(only("administration", il2)).toEqual([]);
  });

  it("a dose in a unit the drug is not dosed in", () => {
    expect(only("administration", { ...il2, dose: 3, unit: "MIU" })).toEqual([]);
    expect(only("administration", { ...il2, dose: 18_000_000, unit: "mg" })).toEqual([
      {
        check: "unit_not_of_drug",
        severity: "hard",
        field: "unit",
        message: "Unit 'mg' is not how IL-2 (recombinant) is dosed; record the dose in IU",
      },
    ]);
  });

  it("a cytokine the arm does not receive", () => {
    const control = { ...context, subject: { arm: "control", enrolmentDate: "2025-01-06" } };
    expect(only("administration", il2, control)).toEqual([
      {
        check: "dose_outside_weeks",
        severity: "hard",
        field: "reason",
        message:
          "the control arm receives no IL-2 (recombinant); give the deviation in Reason (skip, delay or deviation), or correct the drug",
      },
    ]);
  });

  it("dates in an impossible order", () => {
    expect(
      only("adverseEvent", {
        term: "Fever",
        grade: 1,
        onsetDate: "2025-02-10",
        resolutionDate: "2025-02-08",
      }),
    ).toEqual([
      {
        check: "dates_out_of_order",
        severity: "hard",
        field: "resolutionDate",
        message:
          "Resolution (2025-02-08) must be on or after Onset (2025-02-10); correct one of the two dates",
      },
    ]);
    expect(
      only("followUp", { contactDate: "2025-01-10", vitalStatus: "dead", deathDate: "2025-02-01" }),
    ).toMatchObject([{ check: "dates_out_of_order", field: "contactDate" }]);
    expect(only("followUp", { contactDate: "2025-01-10", vitalStatus: "dead" })).toEqual([
      {
        check: "death_without_date",
        severity: "hard",
        field: "deathDate",
        message: "Vital status is dead: give the date of death",
      },
    ]);
  });

  it("a CTCAE grade the term does not have", () => {
    expect(
      only("adverseEvent", { term: "Flu like symptoms", grade: 4, onsetDate: "2025-02-10" }),
    ).toEqual([
      {
        check: "grade_not_of_term",
        severity: "hard",
        field: "grade",
        message: "Flu like symptoms has no CTCAE grade 4 in CTCAE v5; choose one of grades 1, 2, 3",
      },
    ]);
    // Capillary leak syndrome starts at grade 2 in CTCAE v5.0.
    expect(
      only("adverseEvent", { term: "capillary leak  syndrome", grade: 1, onsetDate: "2025-02-10" }),
    ).toMatchObject([{ check: "grade_not_of_term", severity: "hard" }]);
  });
});

describe("soft edit checks warn", () => {
  it("a value beyond the plausible range, converting its unit first", () => {
    expect(only("labResult", { analyte: "CA15-3", value: 99_999, unit: "U/mL" })).toEqual([
      {
        check: "implausible_value",
        severity: "soft",
        field: "value",
        message:
          "Value 99,999 U/mL of CA 15-3 is beyond the plausible range (up to 5,000 U/mL); check it against the laboratory report",
      },
    ]);
    expect(only("labResult", { analyte: "CA15-3", value: 240, unit: "kU/L" })).toEqual([]);
  });

  it("a dose differing from the protocol dose", () => {
    expect(only("administration", { ...il2, dose: 1_500_000 })).toEqual([
      {
        check: "dose_differs",
        severity: "soft",
        field: "dose",
        message:
          "Dose 1,500,000 IU differs from the protocol dose of IL-2 (recombinant), 3,000,000 IU; check it, or confirm why",
      },
    ]);
  });

  it("a date in the future, by the site's today and the instant now", () => {
    expect(only("visit", { visitDate: "2025-03-04", kind: "control" })).toEqual([
      {
        check: "date_in_future",
        severity: "soft",
        field: "visitDate",
        message:
          "Visit date (2025-03-04) lies in the future; check the date, or confirm why it is right",
      },
    ]);
    expect(only("visit", { visitDate: "2025-03-03", kind: "control" })).toEqual([]);
    expect(only("sample", { drawnAt: "2025-03-03T10:00:00Z", relation: "routine" })).toMatchObject([
      { check: "date_in_future", field: "drawnAt" },
    ]);
  });

  it("a post-IL-2 draw outside 24–72 h after the dose, and a pre draw after the cycle's first IL-2", () => {
    expect(only("sample", { drawnAt: "2025-02-06T09:00:00Z", relation: "post" })).toEqual([]);
    expect(only("sample", { drawnAt: "2025-02-09T09:00:00Z", relation: "post" })).toEqual([
      {
        check: "draw_outside_window",
        severity: "soft",
        field: "drawnAt",
        message:
          "a post-IL-2 sample is drawn 24–72 h after an IL-2 dose, and this drawn at is 96 h after the last one; check the time and the relation, or confirm why",
      },
    ]);
    expect(
      only("sample", { drawnAt: "2025-01-20T09:00:00Z", relation: "post" })[0].message,
    ).toContain("follows no recorded IL-2 dose");
    expect(only("sample", { drawnAt: "2025-02-03T08:00:00Z", relation: "pre" })).toEqual([]);
    expect(only("sample", { drawnAt: "2025-02-04T08:00:00Z", relation: "pre" })).toMatchObject([
      { check: "draw_outside_window", field: "drawnAt" },
    ]);
  });

  it("an enrolment before the clinical benefit the treated arm requires", () => {
    expect(
      only("subject", {
        arm: "treated",
        enrolmentDate: "2025-01-06",
        clinicalBenefitDate: "2025-02-01",
      }),
    ).toEqual([
      {
        check: "enrolment_before_clinical_benefit",
        severity: "soft",
        field: "enrolmentDate",
        message:
          "the Anti-estrogen + IFN-β / IL-2 arm enrols subjects already in clinical benefit, but Clinical benefit confirmed on (2025-02-01) is after the Enrolment date (2025-01-06); check both dates, or confirm why she was enrolled early",
      },
    ]);
    expect(
      only("subject", {
        arm: "control",
        enrolmentDate: "2025-01-06",
        clinicalBenefitDate: "2025-02-01",
      }),
    ).toEqual([]);
  });
});

describe("the CTCAE v5 terms", () => {
  it("carry the official grade definitions and the analyte that grades them", () => {
    // CTCAE v5.0, General disorders: Fever grade 2.
    expect(ctcaeTerm("fever")?.grades[2]).toBe(">39.0 - 40.0 degrees C (102.3 - 104.0 degrees F)");
    expect(ctcaeTermOfAnalyte("NEUTROPHILS")?.term).toBe("Neutrophil count decreased");
    expect(ctcaeTerm("Itchy elbow")).toBeUndefined();
    expect(new Set(ctcaeTerms.map((term) => term.term)).size).toBe(ctcaeTerms.length);
  });
});
