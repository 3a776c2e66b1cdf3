import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserCiclo } from "./browser-fixture";
import { seedCohort } from "./demo-cohort";

// A demo-like study: 30 subjects in both arms, so that the analyses run before and after.
const run = browserCiclo({
  seed: ({ store, demo }) =>
    seedCohort(store, demo, {
      subjects: 30,
      detailed: 0,
      today: new Date().toISOString().slice(0, 10),
    }),
});

/** The treated arm's n and events in the PFS table of the analysis page. */
async function treatedPfs(page: Page): Promise<{ n: number; events: number }> {
  const pfs = page.getByRole("region", { name: "Clinical benefit duration (PFS)" });
  await pfs.getByRole("table").first().waitFor();
  const row = pfs.getByRole("row").filter({
    has: page.getByRole("rowheader", { name: "treated", exact: true }),
  });
  const [n, events] = await row.first().locator("td").allTextContents();
  return { n: Number(n), events: Number(events) };
}

async function save(form: Locator, title: string) {
  await form.getByRole("button", { name: `Save ${title}` }).click();
  await form.getByText(`${title[0].toUpperCase()}${title.slice(1)} saved.`).waitFor();
}

describe("a coordinator records a full cycle in Chromium", () => {
  it("visit, doses, samples, labs, a response with lesions, a CTCAE adverse event and a progression, which the analysis counts in PFS", async () => {
    const statistician = await run.signedIn("statistician");
    await statistician.getByRole("link", { name: "Analysis" }).click();
    const before = await treatedPfs(statistician);

    const page = await run.signedIn("coordinator.pisa");
    const enrol = page.getByRole("form", { name: "Enrol a subject" });
    await enrol.getByLabel("Site").selectOption({ label: "Pisa" });
    await enrol.getByLabel("Pseudonym").fill("PI-CYCLE");
    await enrol.getByLabel("Arm").selectOption("treated");
    await enrol.getByLabel("Enrolment date").fill("2026-03-02");
    await enrol.getByLabel("Start of first-line hormone therapy").fill("2025-08-04");
    await enrol.getByLabel("Clinical benefit confirmed on").fill("2026-02-16");
    await enrol.getByLabel("First IFN-β dose").fill("2026-03-02");
    await enrol.getByRole("button", { name: "Save enrol a subject" }).click();
    await page.getByRole("heading", { name: /Subject PI-CYCLE/ }).waitFor();

    // The control visit of cycle 1, from the protocol's visits.
    const visit = page.getByRole("form", { name: "Visit" });
    await visit.getByLabel("Visit date").fill("2026-03-02");
    await visit.getByLabel("Kind of visit").selectOption({ index: 2 });
    await save(visit, "visit");
    await page.getByRole("cell", { name: "2026-03-02" }).first().waitFor();

    // Doses: IFN-β on cycle 1 day 1, IL-2 in week 5 (2026-03-30); the cycle and week are computed.
    await page.getByRole("tab", { name: "Administration" }).click();
    const dose = page.getByRole("form", { name: "Administration" });
    const give = async (drug: string, at: string, amount: string, route: string) => {
      await dose.getByLabel("Drug").selectOption(drug);
      await dose.getByLabel("Status").selectOption("given");
      await dose.getByLabel("Given at (UTC)").fill(at);
      await dose.getByLabel("Dose").fill(amount);
      await dose.getByLabel("Unit").fill("IU");
      await dose.getByLabel("Route").selectOption(route);
    };
    await give("ifn-beta", "2026-03-02T09:00", "3000000", "im");
    await save(dose, "administration");
    // A dose differing from the protocol's asks for a confirmation with a reason.
    await give("il-2", "2026-03-30T09:00", "1500000", "sc");
    await dose.getByRole("button", { name: "Save administration" }).click();
    const warning = dose.locator(".edit-warnings");
    await warning.waitFor();
    expect(await warning.textContent()).toContain(
      "Dose 1,500,000 IU differs from the protocol dose of IL-2 (recombinant), 3,000,000 IU",
    );
    await dose.screenshot({ path: join(tmpdir(), "ciclo-capture-warning.png") });
    await dose.getByLabel("Reason to keep these values").fill("dose halved after grade 2 fever");
    await dose.getByRole("button", { name: "Confirm and save" }).click();
    await dose.getByText("Administration saved.").waitFor();
    const il2Row = page.getByRole("row").filter({ hasText: "il-2" });
    await il2Row.first().waitFor();
    expect(await il2Row.first().textContent()).toContain("1/5");

    // Samples: pre-IL-2 before the dose, post-IL-2 24 h after it.
    await page.getByRole("tab", { name: "Sample" }).click();
    const sample = page.getByRole("form", { name: "Sample" });
    await sample.getByLabel("Drawn at (UTC)").fill("2026-03-30T08:00");
    await sample.getByLabel("Relation to IL-2").selectOption("pre");
    await save(sample, "sample");
    await sample.getByLabel("Drawn at (UTC)").fill("2026-03-31T09:00");
    await sample.getByLabel("Relation to IL-2").selectOption("post");
    await save(sample, "sample");

    // Lab results: an implausible CA 15-3 is questioned, then corrected.
    await page.getByRole("tab", { name: "Lab result" }).click();
    const result = page.getByRole("form", { name: "Lab result" });
    await result.getByLabel("Sample").selectOption({ index: 1 });
    await result.getByLabel("Analyte").selectOption("CA15-3");
    await result.getByLabel("Value", { exact: true }).fill("99999");
    await result.getByRole("button", { name: "Save lab result" }).click();
    await result
      .getByText(
        "Value 99,999 U/mL of CA 15-3 is beyond the plausible range (up to 5,000 U/mL); check it against the laboratory report",
      )
      .first()
      .waitFor();
    await result.getByLabel("Value", { exact: true }).fill("45");
    await save(result, "lab result");
    await result.getByLabel("Sample").selectOption({ index: 2 });
    await result.getByLabel("Analyte").selectOption("CEA");
    await result.getByLabel("Value", { exact: true }).fill("3.2");
    await save(result, "lab result");
    await page.getByRole("cell", { name: "45 U/mL" }).waitFor();

    // A baseline scan and a follow-up with their lesions: RECIST 1.1 gives PR.
    await page.getByRole("tab", { name: "Response assessment" }).click();
    const assessment = page.getByRole("form", { name: "Response assessment" });
    const assess = async (on: string, response: string) => {
      await assessment.getByLabel("Assessed on").fill(on);
      await assessment.getByLabel("Criteria").selectOption("RECIST1.1");
      await assessment.getByLabel("Overall response").selectOption(response);
      await save(assessment, "response assessment");
    };
    await assess("2026-02-23", "NE");
    await assess("2026-05-04", "PR");
    await page.getByRole("tab", { name: "Lesion" }).click();
    const lesion = page.getByRole("form", { name: "Lesion" });
    const measure = async (on: string, location: string, diameter: string) => {
      await lesion.getByLabel("Assessment").selectOption({ label: on });
      await lesion.locator('select[name="kind"]').selectOption("target");
      await lesion.getByLabel("Location").fill(location);
      await lesion.getByLabel("Diameter (mm)").fill(diameter);
      await save(lesion, "lesion");
    };
    // Sums: 32 + 18 = 50 mm at baseline, 20 + 10 = 30 mm ≤ 0.7 × 50: PR by RECIST 1.1 §4.3.1.
    await measure("2026-02-23 NE", "liver segment 6", "32");
    await measure("2026-02-23 NE", "right lung", "18");
    await measure("2026-05-04 PR", "liver segment 6", "20");
    await measure("2026-05-04 PR", "right lung", "10");
    const response = page.locator("#response");
    const followUp = response.getByRole("row").filter({ hasText: "2026-05-04" }).first();
    await expect
      .poll(async () => (await followUp.locator("td").allTextContents()).slice(0, 4))
      .toEqual(["2026-05-04", "RECIST1.1", "PR", "PR"]);

    // An adverse event picked from CTCAE v5, its grade shown with its definition.
    await page.getByRole("tab", { name: "Adverse event" }).click();
    const event = page.getByRole("form", { name: "Adverse event" });
    await event.getByLabel("CTCAE v5 term").selectOption("Flu like symptoms");
    const grades = await event.getByLabel("CTCAE grade").locator("option").allTextContents();
    expect(grades).toEqual([
      "choose…",
      "1: Mild flu-like symptoms present",
      "2: Moderate symptoms; limiting instrumental ADL",
      "3: Severe symptoms; limiting self care ADL",
    ]);
    await event.getByLabel("CTCAE grade").selectOption("2");
    await event.getByLabel("Onset").fill("2026-03-30");
    await event.getByLabel("Related to IL-2").selectOption("probable");
    await save(event, "adverse event");
    await page.getByRole("cell", { name: "Flu like symptoms" }).waitFor();

    // The progression, by imaging.
    await page.getByRole("tab", { name: "Progression" }).click();
    const progression = page.getByRole("form", { name: "Progression" });
    await progression.getByLabel("Progression date").fill("2026-06-29");
    await progression.getByLabel("Method").selectOption("imaging");
    await progression.getByLabel("Notes (new lesions, sites)").fill("new liver lesion");
    await save(progression, "progression");
    await page.getByRole("cell", { name: "2026-06-29" }).waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(tmpdir(), "ciclo-capture-subject.png"), fullPage: true });
    const subjectUrl = page.url();
    await page.context().close();

    // The investigator signs the visit alone with a lock, warned of what it locks.
    const investigator = await run.signedIn("investigator.pisa");
    await investigator.goto(subjectUrl);
    const sign = investigator.getByRole("form", { name: "Sign" });
    await sign
      .getByLabel("What you sign")
      .selectOption({ label: "visit of 2026-03-02 (Control visit)" });
    await sign.getByLabel("Meaning").selectOption("lock");
    expect(await sign.locator(".notice").textContent()).toBe(
      "Signing with the meaning lock locks visit of 2026-03-02 (Control visit): no one can change it until a data manager removes the signature, with a reason.",
    );
    await sign.getByLabel("Your password").fill("ciclo-demo");
    await sign.getByRole("button", { name: "Sign and lock" }).click();
    const visitRow = investigator
      .locator("#visits")
      .getByRole("row")
      .filter({ hasText: "2026-03-02" });
    await visitRow.locator(".badge", { hasText: "locked" }).waitFor();
    expect(await visitRow.getByRole("button", { name: "Change" }).count()).toBe(0);
    const adverseRow = investigator.getByRole("row").filter({ hasText: "Flu like symptoms" });
    expect(await adverseRow.getByRole("button", { name: "Change" }).count()).toBe(1);
    await investigator.context().close();

    await statistician.reload();
    const after = await treatedPfs(statistician);
    expect(after).toEqual({ n: before.n + 1, events: before.events + 1 });
    await statistician.context().close();
  }, 240_000);
});
