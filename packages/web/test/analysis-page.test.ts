import type { Download, Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { browserCiclo } from "./browser-fixture";
import { seedCohort } from "./demo-cohort";

// 80 subjects in both arms: enough events for every Cox model to converge.
const run = browserCiclo({
  seed: ({ store, demo }) =>
    seedCohort(store, demo, {
      subjects: 80,
      detailed: 0,
      today: new Date().toISOString().slice(0, 10),
    }),
});
let page: Page;

beforeAll(async () => {
  page = await run.signedIn("statistician");
  await page.getByRole("link", { name: "Analysis" }).click();
  await pfs().getByRole("table").first().waitFor();
});

const pfs = () => page.getByRole("region", { name: "Clinical benefit duration (PFS)" });

/** The cells of the row whose header is `term` in the section's hazard-ratio table. */
async function hazardRatioRow(section: Locator, term: string): Promise<string[]> {
  const row = section.locator(".hazard-ratios tr", { has: page.getByRole("rowheader") }).filter({
    has: page.getByRole("rowheader", { name: term, exact: true }),
  });
  return row.first().locator("td, th").allTextContents();
}

/** "2.37 (0.685–8.18)" → [2.37, 0.685, 8.18] */
function ratioAndBounds(cell: string): number[] {
  return (cell.match(/[\d.]+/g) ?? []).map(Number);
}

/** The arm's median cell ("33.3 (18.6–NR)") in the section's table of medians. */
async function medianOf(section: Locator, arm: string): Promise<string> {
  const row = section.getByRole("row").filter({
    has: page.getByRole("rowheader", { name: arm, exact: true }),
  });
  return (await row.first().locator("td").allTextContents())[2];
}

/** Changes one control and waits for the analyses it asks for. */
async function choose(change: () => Promise<unknown>, parameter: string): Promise<void> {
  const answered = page.waitForResponse(
    (answer) => answer.url().includes("/api/analyses?") && answer.url().includes(parameter),
  );
  await change();
  expect((await answered).status()).toBe(200);
  await page.getByText("Computing the analyses…").waitFor({ state: "detached" });
}

async function downloaded(button: Locator): Promise<{ name: string; text: string }> {
  const [download]: [Download, unknown] = await Promise.all([
    page.waitForEvent("download"),
    button.click(),
  ]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString("utf8") };
}

describe("the analysis page in Chromium", () => {
  it("flips the hazard ratios to their reciprocals when the reference arm changes", async () => {
    await pfs().getByText("Hazard ratios vs treated (95% CI, log scale)").waitFor();
    const [, , againstTreated] = await hazardRatioRow(pfs(), "control vs treated");
    await choose(
      () => page.getByLabel("Reference arm").selectOption("control"),
      "referenceArm=control",
    );
    await pfs().getByText("Hazard ratios vs control (95% CI, log scale)").waitFor();
    const [model, , againstControl] = await hazardRatioRow(pfs(), "treated vs control");
    expect(model).toBe("unadjusted");
    const [hr, lower, upper] = ratioAndBounds(againstTreated);
    const [flippedHr, flippedLower, flippedUpper] = ratioAndBounds(againstControl);
    // exp(−β): the ratio and its bounds invert and swap (to the 3 digits shown, ±0.5%).
    expect(hr * flippedHr).toBeCloseTo(1, 2);
    expect(lower * flippedUpper).toBeCloseTo(1, 2);
    expect(upper * flippedLower).toBeCloseTo(1, 2);
    expect(hr).not.toBeCloseTo(1, 2);
  });

  it("recomputes the curves for another time origin and the landmark section for another landmark", async () => {
    const fromDefault = await medianOf(pfs(), "control");
    await choose(
      () => page.getByLabel("Time origin").selectOption("enrolment"),
      "origin=enrolment",
    );
    const api = await page.request.get(
      `${run.ciclo.url}/api/analyses?origin=enrolment&referenceArm=control`,
    );
    const control = (await api.json()).pfs.curves.find(
      (curve: { arm: string }) => curve.arm === "control",
    );
    const fromEnrolment = await medianOf(pfs(), "control");
    expect(fromEnrolment.split(" ")[0]).toBe(
      control.median === null ? "NR" : control.median.toFixed(1),
    );
    expect(fromEnrolment).not.toBe(fromDefault);

    const landmarkPfs = page.getByRole("region", { name: "PFS from the landmark" });
    const atRisk = () =>
      landmarkPfs.locator("table").first().locator("tbody td:first-of-type").allTextContents();
    const atSix = await atRisk();
    await choose(() => page.getByLabel("Landmark (months)").fill("24"), "landmark=24");
    await expect.poll(atRisk).not.toEqual(atSix);
    const atTwentyFour = (await atRisk()).map(Number);
    // Fewer subjects are still event-free and followed 24 months after the origin than 6.
    expect(atTwentyFour.reduce((a, b) => a + b)).toBeLessThan(
      atSix.map(Number).reduce((a, b) => a + b),
    );
  });

  it("downloads the report, the analyses (for the reference arm chosen above) and the data", async () => {
    const report = await downloaded(page.getByRole("link", { name: "Export report (HTML)" }));
    expect(report.name).toBe("ciclo-report.html");
    expect(report.text.toLowerCase().startsWith("<!doctype html>")).toBe(true);
    // The report is the one on screen: the reference arm chosen above.
    expect(report.text).toContain("treated vs control");
    expect(report.text).not.toContain("control vs treated");

    const analyses = await downloaded(page.getByRole("button", { name: "Export analyses (JSON)" }));
    expect(analyses.name).toBe("ciclo-analyses.json");
    const numbers = JSON.parse(analyses.text);
    expect(numbers.pfs.referenceArm).toBe("control");
    expect(numbers.subjects).toBe(80);

    const subjects = await downloaded(page.getByRole("link", { name: "Export subjects (CSV)" }));
    expect(subjects.name).toBe("subjects.csv");
    expect(subjects.text.split("\n").length).toBeGreaterThan(80);
    const results = await downloaded(page.getByRole("link", { name: "Export lab results (CSV)" }));
    expect(results.name).toBe("lab-results.csv");
  });
});
