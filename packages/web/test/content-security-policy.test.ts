import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildWebAppIfStale,
  launchChromium,
  type RunningCiclo,
  signedInPage,
  startCiclo,
} from "./browser-fixture";
import { seedCohort } from "./demo-cohort";

let ciclo: RunningCiclo;
let browser: Browser;

beforeAll(async () => {
  ciclo = await startCiclo(await buildWebAppIfStale());
  const today = new Date().toISOString().slice(0, 10);
  await seedCohort(ciclo.store, ciclo.demo, { subjects: 40, detailed: 0, today });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await ciclo?.close();
});

/** Every Content-Security-Policy violation the page reports, from the console and the DOM event. */
function collectViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
  return violations;
}

describe("the content security policy in Chromium", () => {
  it("lets the web application sign in, draw the dashboard and the analysis plots without a violation", async () => {
    const page = await signedInPage(browser, ciclo, "statistician");
    const violations = collectViolations(page);
    const policy = (await page.reload())?.headers()["content-security-policy"];
    expect(policy).toContain("frame-ancestors 'none'");
    await page.getByRole("heading", { name: "Study dashboard" }).waitFor();
    await page.getByRole("link", { name: "Analysis" }).click();
    await page
      .getByRole("region", { name: "Clinical benefit duration (PFS)" })
      .locator("svg")
      .first()
      .waitFor();
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it("lets the API reference page render", async () => {
    const page = await browser.newPage();
    const violations = collectViolations(page);
    await page.goto(`${ciclo.url}/api/docs`);
    await page.locator(".swagger-ui .info .title").waitFor();
    expect(violations).toEqual([]);
    await page.close();
  });

  it("refuses an injected inline script", async () => {
    const page = await browser.newPage();
    const violations = collectViolations(page);
    await page.goto(ciclo.url);
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.injected = true";
      document.body.append(script);
    });
    expect(await page.evaluate(() => (window as { injected?: boolean }).injected)).toBeUndefined();
    expect(violations.join("\n")).toContain("Content Security Policy");
    await page.close();
  });
});
