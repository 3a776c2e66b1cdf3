import { tmpdir } from "node:os";
import { join } from "node:path";
import { readPhase2Protocol, seedPhase2DemoStudy } from "@ciclo/server";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildWebAppIfStale,
  launchChromium,
  type RunningCiclo,
  signedInPage,
  startCiclo,
} from "./browser-fixture";

let ciclo: RunningCiclo;
let browser: Browser;

beforeAll(async () => {
  const webDir = await buildWebAppIfStale();
  ciclo = await startCiclo(webDir);
  await seedPhase2DemoStudy(ciclo.store, {
    protocol: readPhase2Protocol(),
    passwordCost: { N: 1024, r: 8, p: 1 },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await ciclo?.close();
});

describe("randomization in Chromium", () => {
  it("a coordinator of the phase II enrols a subject without an arm, answers the checklist, confirms and sees the arm with its number", async () => {
    const page = await signedInPage(browser, ciclo, "coordinator.livorno");
    const enrol = page.getByRole("form", { name: "Enrol a subject" });
    await enrol.getByLabel("Site").selectOption({ label: "Livorno" });
    expect(await enrol.getByLabel("Arm").count()).toBe(0);
    await enrol.getByLabel("Pseudonym").fill("LI-001");
    await enrol.getByLabel("Enrolment date").fill("2026-02-02");
    await enrol.getByLabel("Menopausal status").selectOption("post");
    await enrol.getByLabel("Estrogen receptors").selectOption("positive");
    await enrol.getByLabel("Disease-free interval").fill("30");
    await enrol.getByLabel("Visceral metastases").check();
    await enrol.getByRole("button", { name: "Save enrol a subject" }).click();
    await page.getByRole("heading", { name: /Subject LI-001/ }).waitFor();
    expect(await page.locator(".subject-header").textContent()).toContain("not randomized");

    const checklist = page.getByRole("form", { name: "Eligibility checklist" });
    const answer = async (question: string, choice: "yes" | "no") =>
      checklist.getByRole("radiogroup", { name: question }).getByLabel(choice).check();
    await answer("Is the patient postmenopausal?", "yes");
    await answer("Are the estrogen receptors positive or unknown?", "yes");
    await answer("Is the disease metastatic?", "yes");
    await answer("Has the patient measurable or evaluable disease?", "yes");
    await answer("Is she on an anti-estrogen, or starting one at randomization?", "yes");
    await answer("Has she given written informed consent?", "yes");
    await answer("Has she had IFN or IL-2 before?", "no");
    await answer("Has she an active autoimmune disease?", "no");
    await answer("Has she heart, liver or kidney failure that IL-2 would worsen?", "no");
    await page.getByRole("button", { name: "Randomize…" }).click();
    await page.getByRole("alertdialog", { name: "Confirm the randomization" }).waitFor();
    await page
      .locator("#randomization")
      .screenshot({ path: join(tmpdir(), "ciclo-checklist.png") });
    await page.getByRole("button", { name: "Confirm randomization" }).click();
    const allocation = page.locator(".allocation");
    await allocation.waitFor();
    const text = await allocation.textContent();
    expect(text).toMatch(
      /^Randomized to (Anti-estrogen \+ IFN-β \/ IL-2|Anti-estrogen alone) · number 1 · stratum LI\/yes\/>24 · on /,
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(tmpdir(), "ciclo-randomized.png") });

    const stored = await ciclo.store.db
      .selectFrom("allocation")
      .select(["sequence", "arm", "randomizedByName"])
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ sequence: 1, randomizedByName: "coordinator.livorno" });
    expect(await page.locator(".subject-header").textContent()).toContain(`arm ${stored.arm}`);
    await page.context().close();

    const manager = await signedInPage(browser, ciclo, "randomization-manager");
    await manager.getByRole("link", { name: "Allocations" }).click();
    const row = manager.getByRole("row", { name: /LI-001/ });
    await row.waitFor();
    expect(await row.locator("td").allTextContents()).toEqual([
      "1",
      "LI-001",
      "LI",
      "LI/yes/>24",
      stored.arm,
      expect.stringMatching(/ by coordinator\.livorno$/),
      "—",
    ]);
    await manager.screenshot({ path: join(tmpdir(), "ciclo-allocations.png") });
    await manager.context().close();

    const coordinator = await signedInPage(browser, ciclo, "coordinator.livorno");
    expect(await coordinator.getByRole("link", { name: "Allocations" }).count()).toBe(0);
    await coordinator.goto(`${ciclo.url}/allocations`);
    await coordinator.getByRole("alert").waitFor();
    expect(await coordinator.getByRole("alert").textContent()).toContain(
      "only the randomization manager may",
    );
    expect(await coordinator.getByRole("row", { name: /LI-001/ }).count()).toBe(0);
    await coordinator.context().close();
  }, 120_000);
});
