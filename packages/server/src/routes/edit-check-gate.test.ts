import { type AuditEvent, systemActor } from "@ciclo/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, type Client, engines, openApiFixture } from "../../test/api-fixture";

// The fixture's clock stands at 2025-03-03T09:00:00Z. The subject's cycle 1 day 1 is Monday
// 2025-01-06: IL-2 (3,000,000 IU) in cycle weeks 5–8, i.e. from 2025-02-03.
describe.each(engines)("edit checks on every write through the API on %s", (engine) => {
  let fixture: ApiFixture;
  let investigator: Client;
  let subjectId: string;

  async function auditOf(recordId: string): Promise<AuditEvent[]> {
    const all = await fixture.store.transaction(systemActor, (tx) =>
      tx.audit.all({ limit: 100_000 }),
    );
    return all.filter((event) => event.recordId === recordId);
  }

  beforeAll(async () => {
    fixture = await openApiFixture(engine);
    investigator = await fixture.signIn("investigator.pisa");
    const subject = await investigator.json("POST", "/api/subjects", {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds.PI,
      pseudonym: "PI-EC1",
      arm: "treated",
      enrolmentDate: "2025-01-06",
      clinicalBenefitDate: "2024-12-20",
      firstIfnDate: "2025-01-06",
    });
    expect(subject.status, JSON.stringify(subject.body)).toBe(201);
    subjectId = subject.body.id;
  });
  afterAll(() => fixture.close());

  const il2 = () => ({
    subjectId,
    drug: "il-2",
    status: "given",
    givenAt: "2025-02-03T09:00:00Z",
    dose: 3_000_000,
    unit: "IU",
    route: "sc",
  });

  it("refuses an IL-2 dose outside its protocol weeks unless a deviation reason is given", async () => {
    const early = await investigator.json("POST", "/api/administrations", {
      ...il2(),
      givenAt: "2025-01-07T09:00:00Z",
    });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({
      code: "edit_check_failed",
      field: "givenAt",
      message:
        "IL-2 (recombinant) is given in weeks 5–8 of a cycle, and 2025-01-07 falls in week 1 of cycle 1; correct Given at, or give the deviation in Reason (skip, delay or deviation)",
    });
    const deviation = await investigator.json("POST", "/api/administrations", {
      ...il2(),
      givenAt: "2025-01-07T09:00:00Z",
      reason: "given a month early by the ward; deviation reported",
    });
    expect(deviation.status, JSON.stringify(deviation.body)).toBe(201);
  });

  it("refuses a dose in a unit the drug is not dosed in, whatever the confirmation", async () => {
    const mg = await investigator.json("POST", "/api/administrations", {
      ...il2(),
      dose: 18_000_000,
      unit: "mg",
      confirmationReason: "as written on the chart",
    });
    expect(mg.status).toBe(422);
    expect(mg.body).toMatchObject({
      code: "edit_check_failed",
      field: "unit",
      message: "Unit 'mg' is not how IL-2 (recombinant) is dosed; record the dose in IU",
    });
  });

  it("asks to confirm a dose differing from the protocol dose, and keeps the reason in the audit trail", async () => {
    const half = { ...il2(), givenAt: "2025-02-05T09:00:00Z", dose: 1_500_000 };
    const warned = await investigator.json("POST", "/api/administrations", half);
    expect(warned.status).toBe(422);
    expect(warned.body.code).toBe("confirmation_required");
    expect(warned.body.warnings).toEqual([
      {
        check: "dose_differs",
        field: "dose",
        message:
          "Dose 1,500,000 IU differs from the protocol dose of IL-2 (recombinant), 3,000,000 IU; check it, or confirm why",
      },
    ]);
    const confirmed = await investigator.json("POST", "/api/administrations", {
      ...half,
      confirmationReason: "dose halved for grade 2 fever",
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201);
    expect(confirmed.body.confirmationReason).toBeUndefined();
    const [created] = await auditOf(confirmed.body.id);
    expect(created.action).toBe("create");
    expect(created.reason).toBe(
      "dose halved for grade 2 fever (confirmed over the warning: Dose 1,500,000 IU differs from the protocol dose of IL-2 (recombinant), 3,000,000 IU; check it, or confirm why)",
    );
  });

  it("asks to confirm a value beyond the plausible range, on entry and on a change", async () => {
    const sample = await investigator.json("POST", "/api/samples", {
      subjectId,
      drawnAt: "2025-02-06T09:00:00Z",
      relation: "post",
    });
    expect(sample.status, JSON.stringify(sample.body)).toBe(201);
    const entry = { sampleId: sample.body.id, analyte: "CA15-3", value: 99_999, unit: "U/mL" };
    const warned = await investigator.json("POST", "/api/lab-results", entry);
    expect(warned.status).toBe(422);
    expect(warned.body).toMatchObject({
      code: "confirmation_required",
      field: "value",
      warnings: [
        {
          check: "implausible_value",
          message:
            "Value 99,999 U/mL of CA 15-3 is beyond the plausible range (up to 5,000 U/mL); check it against the laboratory report",
        },
      ],
    });
    const plausible = await investigator.json("POST", "/api/lab-results", {
      ...entry,
      value: 48,
    });
    expect(plausible.status).toBe(201);
    const change = { version: 1, reason: "laboratory report re-read", changes: { value: 99_999 } };
    const changeWarned = await investigator.json(
      "PATCH",
      `/api/lab-results/${plausible.body.id}`,
      change,
    );
    expect(changeWarned.status).toBe(422);
    expect(changeWarned.body.code).toBe("confirmation_required");
    const confirmed = await investigator.json("PATCH", `/api/lab-results/${plausible.body.id}`, {
      ...change,
      confirmationReason: "confirmed by phone with the laboratory",
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const changed = (await auditOf(plausible.body.id)).find((event) => event.action === "update");
    expect(changed?.reason).toMatch(
      /^laboratory report re-read; confirmed by phone with the laboratory \(confirmed over the warning: Value 99,999 U\/mL of CA 15-3/,
    );
    // The confirmed warning is not asked again for a change of another field.
    const assay = await investigator.json("PATCH", `/api/lab-results/${plausible.body.id}`, {
      version: 2,
      reason: "assay added",
      changes: { assay: "Roche Elecsys" },
    });
    expect(assay.status, JSON.stringify(assay.body)).toBe(200);
  });

  it("asks to confirm a date in the future and a draw outside its window", async () => {
    const visit = await investigator.json("POST", "/api/visits", {
      subjectId,
      visitDate: "2025-03-10",
      kind: "control",
    });
    expect(visit.status).toBe(422);
    expect(visit.body.warnings).toEqual([
      {
        check: "date_in_future",
        field: "visitDate",
        message:
          "Visit date (2025-03-10) lies in the future; check the date, or confirm why it is right",
      },
    ]);
    // The last IL-2 dose recorded is 2025-02-05 09:00; 2025-02-10 09:00 is 120 h after it.
    const late = await investigator.json("POST", "/api/samples", {
      subjectId,
      drawnAt: "2025-02-10T09:00:00Z",
      relation: "post",
    });
    expect(late.status).toBe(422);
    expect(late.body.warnings[0]).toMatchObject({
      check: "draw_outside_window",
      message:
        "a post-IL-2 sample is drawn 24–72 h after an IL-2 dose, and this drawn at is 120 h after the last one; check the time and the relation, or confirm why",
    });
  });

  it("asks to confirm an enrolment before the clinical benefit the treated arm requires", async () => {
    const early = {
      studyId: fixture.demo.studyId,
      siteId: fixture.demo.siteIds.PI,
      pseudonym: "PI-EC2",
      arm: "treated",
      enrolmentDate: "2025-01-06",
      clinicalBenefitDate: "2025-02-01",
    };
    const warned = await investigator.json("POST", "/api/subjects", early);
    expect(warned.status).toBe(422);
    expect(warned.body.warnings.map((w: { check: string }) => w.check)).toEqual([
      "enrolment_before_clinical_benefit",
    ]);
    const confirmed = await investigator.json("POST", "/api/subjects", {
      ...early,
      confirmationReason: "benefit confirmed retrospectively by the review board",
    });
    expect(confirmed.status).toBe(201);
  });

  it("refuses a CTCAE grade the term does not have, and dates in an impossible order", async () => {
    const flu = await investigator.json("POST", "/api/adverse-events", {
      subjectId,
      term: "Flu like symptoms",
      grade: 4,
      onsetDate: "2025-02-04",
    });
    expect(flu.status).toBe(422);
    expect(flu.body.message).toBe(
      "Flu like symptoms has no CTCAE grade 4 in CTCAE v5; choose one of grades 1, 2, 3",
    );
    const backwards = await investigator.json("POST", "/api/adverse-events", {
      subjectId,
      term: "Fever",
      grade: 1,
      onsetDate: "2025-02-04",
      resolutionDate: "2025-02-02",
    });
    expect(backwards.status).toBe(422);
    expect(backwards.body).toMatchObject({ code: "edit_check_failed", field: "resolutionDate" });
  });

  it("takes a dose's cycle and week from its date and the plan, not from what was typed", async () => {
    // 2025-02-12 is day 37 from cycle 1 day 1 (2025-01-06): ⌊37/70⌋+1 = cycle 1,
    // ⌊37/7⌋+1 = week 6, whatever was typed.
    const dose = await investigator.json("POST", "/api/administrations", {
      ...il2(),
      givenAt: "2025-02-12T09:00:00Z",
      cycle: 146,
      week: 1,
    });
    expect(dose.status, JSON.stringify(dose.body)).toBe(201);
    expect([dose.body.cycle, dose.body.week]).toEqual([1, 6]);
  });

  it("asks why a recorded response differs from RECIST 1.1 and raises a query for the monitor", async () => {
    const assess = async (assessedOn: string, overallResponse: string) =>
      (
        await investigator.json("POST", "/api/response-assessments", {
          subjectId,
          assessedOn,
          criteria: "RECIST1.1",
          overallResponse,
        })
      ).body.id as string;
    const lesion = (assessmentId: string, location: string, diameterMm: number, extra = {}) =>
      investigator.json("POST", "/api/lesions", {
        assessmentId,
        kind: "target",
        location,
        diameterMm,
        ...extra,
      });
    const baseline = await assess("2025-01-03", "NE");
    expect((await lesion(baseline, "liver-1", 32)).status).toBe(201);
    expect((await lesion(baseline, "lung-1", 18)).status).toBe(201);
    const followUp = await assess("2025-02-28", "SD");
    // One of two target lesions measured: nothing to compare yet.
    expect((await lesion(followUp, "liver-1", 20)).status).toBe(201);
    // 20 + 10 = 30 mm ≤ 0.7 × 50 mm: RECIST 1.1 gives PR, the investigator recorded SD.
    const warned = await lesion(followUp, "lung-1", 10);
    expect(warned.status).toBe(422);
    expect(warned.body.warnings).toEqual([
      {
        check: "response_differs_from_recist",
        field: "overallResponse",
        message:
          "Overall response SD differs from PR, the RECIST 1.1 response computed from the lesions; correct it, or give the reason (a query goes to the monitor)",
      },
    ]);
    const confirmed = await lesion(followUp, "lung-1", 10, {
      confirmationReason: "the lung lesion is atelectasis, not tumor shrinkage",
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201);
    const queries = await investigator.json(
      "GET",
      `/api/queries?entity=responseAssessment&recordId=${followUp}`,
    );
    expect(queries.body.items).toHaveLength(1);
    expect(queries.body.items[0]).toMatchObject({
      field: "overallResponse",
      status: "open",
      text: "Overall response SD differs from PR, the RECIST 1.1 response computed from the lesions. The site's reason: the lung lesion is atelectasis, not tumor shrinkage",
    });
    const charts = await investigator.json("GET", `/api/subjects/${subjectId}/charts`);
    expect(charts.body.response.assessments).toEqual([
      { assessedOn: "2025-01-03", recorded: "NE", recist: null, targetSum: 50 },
      { assessedOn: "2025-02-28", recorded: "SD", recist: "PR", targetSum: 30 },
    ]);
  });
});
