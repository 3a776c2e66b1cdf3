import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { browserCiclo, demoPassword } from "./browser-fixture";
import { seedCohort } from "./demo-cohort";

const today = new Date().toISOString().slice(0, 10);
const run = browserCiclo({
  seed: ({ store, demo }) => seedCohort(store, demo, { subjects: 1, detailed: 0, today }),
});
let page: Page;

beforeAll(async () => {
  page = await run.browser.newPage({ viewport: { width: 1280, height: 900 } });
});

/** The focused element: its text or label, whether it is in <main>, and how its focus is drawn. */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
      name:
        element.getAttribute("aria-label") ??
        (element as HTMLInputElement).labels?.[0]?.firstChild?.textContent ??
        element.textContent?.trim() ??
        "",
      tag: element.tagName.toLowerCase(),
      inMain: document.getElementById("main")?.contains(element) ?? false,
      onScreen: box.left >= 0 && box.top >= 0 && box.width > 0,
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      ink: style.color,
      paper: style.backgroundColor,
    };
  });
}

/** Presses Tab until the control named `name` has the focus (at most `limit` presses). */
async function tabTo(page: Page, name: string, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press("Tab");
    if ((await focused(page)).name === name) return;
  }
  throw new Error(`${name} not reached with ${limit} presses of Tab`);
}

// The focus ring of styles.css: 3 px solid #ffb000.
const focusRing = "solid 3px rgb(255, 176, 0)";

describe("the web application by keyboard", () => {
  it("signs in with the keyboard alone", async () => {
    await page.goto(run.ciclo.url);
    await page.getByLabel("Username").waitFor();
    await page.keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ name: "Username", outline: focusRing });
    await page.keyboard.type("investigator.pisa");
    await page.keyboard.press("Tab");
    await page.keyboard.type(demoPassword);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Study dashboard" }).waitFor();
  });

  it("offers a visible skip link first, which moves the keyboard past the navigation", async () => {
    await page.goto(run.ciclo.url);
    await page.getByRole("heading", { name: "Study dashboard" }).waitFor();
    await page.keyboard.press("Tab");
    const skip = await focused(page);
    expect(skip).toMatchObject({ name: "Skip to content", onScreen: true, outline: focusRing });
    // Dark text on white, not the top bar's white links on white.
    expect(skip).toMatchObject({ ink: "rgb(29, 36, 48)", paper: "rgb(255, 255, 255)" });
    await page.keyboard.press("Enter");
    expect(new URL(page.url()).hash).toBe("#main");
    await page.keyboard.press("Tab");
    expect((await focused(page)).inMain).toBe(true);
  });

  it("reaches and activates controls with Tab and Enter, with the focus drawn", async () => {
    await page.goto(run.ciclo.url);
    await page.getByRole("heading", { name: "Study dashboard" }).waitFor();
    await tabTo(page, "PI-0001");
    expect((await focused(page)).outline).toBe(focusRing);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: /Subject PI-0001/ }).waitFor();

    await tabTo(page, "Adverse event");
    expect(await focused(page)).toMatchObject({ tag: "button", outline: focusRing });
    await page.keyboard.press("Enter");
    const form = page.getByRole("form", { name: "Adverse event" });
    await form.waitFor();
    await tabTo(page, "CTCAE v5 term");
    await page.keyboard.type("Fatigue");
    await page.keyboard.press("Tab");
    expect((await focused(page)).name).toBe("CTCAE grade");
    await page.keyboard.type("2");
    // A date is typed in the run.browser's own locale format; the test fills it directly.
    await form.getByLabel("Onset").fill(today);
    await tabTo(page, "Save adverse event");
    expect((await focused(page)).outline).toBe(focusRing);
    await page.keyboard.press("Enter");
    await form.getByText("Adverse event saved.").waitFor();
    await page.getByRole("cell", { name: "Fatigue" }).waitFor();
    expect(await page.getByRole("row").filter({ hasText: "Fatigue" }).textContent()).toContain(
      `Fatigue2${today}`,
    );

    await page.goto(run.ciclo.url);
    await page.getByRole("heading", { name: "Study dashboard" }).waitFor();
    await tabTo(page, "Analysis");
    expect((await focused(page)).outline).toBe(focusRing);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Analysis" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/analysis");
  });
});
