import type { BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserCiclo } from "./browser-fixture";
import { seedCohort } from "./demo-cohort";

const today = new Date().toISOString().slice(0, 10);
// A draw is dated yesterday: a time later today would lie in the future, which asks for a confirmation.
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
// PI-0001 carries full cycles (charts, long record tables, audit trail); the rest fill the lists.
const run = browserCiclo({
  seed: ({ store, demo }) => seedCohort(store, demo, { subjects: 24, detailed: 1, today }),
});

const portrait: BrowserContextOptions = { viewport: { width: 768, height: 1024 }, hasTouch: true };
const landscape: BrowserContextOptions = { viewport: { width: 1024, height: 768 }, hasTouch: true };

/** How far the page reaches beyond the window sideways, in CSS pixels (0 when it fits). */
function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * The controls shown on the page that are smaller than a finger (44 × 44 CSS px), described as
 * `tag "text" width×height`. The skip link is off-screen until focused; a checkbox is reached
 * through its label too.
 */
function smallTouchTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        "a[href]:not(.skip-link), button, select, input:not([type=checkbox]), textarea",
      ),
    ]
      .map((control) => ({ control, box: control.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0)
      .filter(({ box }) => Math.min(box.width, box.height) < 44)
      .map(
        ({ control, box }) =>
          `${control.tagName.toLowerCase()} "${control.textContent?.trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
      ),
  );
}

async function expectFitsTablet(page: Page): Promise<void> {
  expect(await pageOverflow(page)).toBe(0);
  expect(await smallTouchTargets(page)).toEqual([]);
}

describe("the web application on a tablet", () => {
  it("fits 768 px upright: a subject is opened, a form filled and saved by touch", async () => {
    const page = await run.signedIn("investigator.pisa", portrait);
    await page.getByRole("region", { name: "Alerts" }).waitFor();
    await expectFitsTablet(page);
    // The dashboard's panels stack in one column at this width.
    const [alerts, enrolment] = await Promise.all(
      ["Alerts", "Enrolment by site and arm"].map((name) =>
        page.getByRole("region", { name }).boundingBox(),
      ),
    );
    expect(enrolment!.y).toBeGreaterThan(alerts!.y + alerts!.height - 1);

    await page.getByRole("link", { name: "PI-0001" }).first().tap();
    await page.getByRole("heading", { name: /Subject PI-0001/ }).waitFor();
    await page.locator("#markers svg").first().waitFor();
    await page.locator(".audit-table").waitFor();
    await expectFitsTablet(page);
    // The eight-column audit trail scrolls inside its own box instead of widening the page.
    const audit = await page
      .locator(".table-scroll", { has: page.locator(".audit-table") })
      .evaluate((box) => ({ scroll: box.scrollWidth, width: box.clientWidth }));
    expect(audit.scroll).toBeGreaterThan(audit.width);

    await page.getByRole("tab", { name: "Sample" }).tap();
    const sample = page.getByRole("form", { name: "Sample" });
    await sample.getByLabel("Drawn at (UTC)").fill(`${yesterday}T07:30`);
    await sample.getByLabel("Relation to IL-2").selectOption("routine");
    await expect.poll(() => smallTouchTargets(page)).toEqual([]);
    await sample.getByRole("button", { name: "Save sample" }).tap();
    await sample.getByText("Sample saved.").waitFor();
    await page.getByRole("cell", { name: `${yesterday} 07:30` }).waitFor();
    expect(await pageOverflow(page)).toBe(0);
    await page.context().close();
  });

  it("fits 1024 px sideways on every page: dashboard, subject, analysis and admin", async () => {
    const investigator = await run.signedIn("investigator.pisa", landscape);
    await investigator.getByRole("region", { name: "Alerts" }).waitFor();
    await expectFitsTablet(investigator);
    await investigator.goto(`${run.ciclo.url}/subjects/${run.seeded[0]}`);
    await investigator.locator(".audit-table").waitFor();
    await expectFitsTablet(investigator);
    await investigator.getByRole("link", { name: "Analysis" }).tap();
    await investigator.locator(".analysis-grid svg").first().waitFor();
    await expectFitsTablet(investigator);
    await investigator.context().close();

    const admin = await run.signedIn("admin", landscape);
    await admin.getByRole("link", { name: "Admin" }).tap();
    await admin.getByRole("cell", { name: "investigator.pisa", exact: true }).waitFor();
    await expectFitsTablet(admin);
    await admin.context().close();
  });
});
