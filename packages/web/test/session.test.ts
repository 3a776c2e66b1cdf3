import type { Locator, Page } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import { browserCiclo, signIn } from "./browser-fixture";
import { seedCohort } from "./demo-cohort";

const minute = 60_000;
/** How far the server's clock runs ahead of the real time: a test moves it on to end sessions. */
let serverAhead = 0;
const today = new Date().toISOString().slice(0, 10);
// A draw is dated yesterday: a time later today would lie in the future, which asks for a confirmation.
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const run = browserCiclo({
  clock: () => new Date(Date.now() + serverAhead),
  seed: ({ store, demo }) => seedCohort(store, demo, { subjects: 3, detailed: 1, today }),
});
/** The first subject, of Pisa. */
const subjectPath = () => `/subjects/${run.seeded[0]}`;
beforeEach(() => {
  serverAhead = 0;
});

/** A fresh context (optionally with the page's clock under the test's control) on the sign-in page. */
async function signInPage({ fakeClock = false } = {}): Promise<Page> {
  const context = await run.browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (fakeClock) await context.clock.install();
  const page = await context.newPage();
  await page.goto(`${run.ciclo.url}${subjectPath()}`);
  return page;
}

/** Opens the subject's Sample form and types a draw into it without saving. */
async function typeSample(page: Page): Promise<Locator> {
  await page.goto(`${run.ciclo.url}${subjectPath()}`);
  await page.getByRole("tab", { name: "Sample" }).click();
  const sample = page.getByRole("form", { name: "Sample" });
  await sample.getByLabel("Drawn at (UTC)").fill(`${yesterday}T07:30`);
  await sample.getByLabel("Relation to IL-2").selectOption("routine");
  return sample;
}

/** After signing in again: the Sample form holds what was typed before the session ended. */
async function expectSampleKept(page: Page): Promise<void> {
  await page.getByRole("heading", { name: /Subject PI-0001/ }).waitFor();
  await page.getByRole("tab", { name: "Sample" }).click();
  const sample = page.getByRole("form", { name: "Sample" });
  await sample.getByText("Your input from before the session ended is back").waitFor();
  expect(await sample.getByLabel("Drawn at (UTC)").inputValue()).toBe(`${yesterday}T07:30`);
  expect(await sample.getByLabel("Relation to IL-2").inputValue()).toBe("routine");
  await sample.getByRole("button", { name: "Save sample" }).click();
  await sample.getByText("Sample saved.").waitFor();
}

const expiredNotice =
  "Your session expired. Sign in again; nothing you saved was lost. What you typed in a form is kept: sign in and open it again.";

describe("the session in the run.browser", () => {
  it("shows when the session ends, warns in its last minutes, and signs out when it ended", async () => {
    const page = await signInPage({ fakeClock: true });
    const [login] = await Promise.all([
      page.waitForResponse((answer) => answer.url().endsWith("/api/auth/login")),
      signIn(page, "investigator.pisa"),
    ]);
    const { sessionExpiresAt } = await login.json();
    const endsAt = await page.evaluate(
      (iso) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }),
      sessionExpiresAt,
    );
    const clock = page.locator(".session-clock");
    // The server's idle limit is 30 minutes (sessionIdleMs).
    expect(await clock.textContent()).toBe(`Session ends at ${endsAt} (30 min idle left)`);
    expect(await clock.getAttribute("class")).toBe("session-clock");
    await typeSample(page);

    await page.clock.fastForward(26 * minute);
    await expect
      .poll(() => clock.textContent())
      .toBe(`Session ends at ${endsAt} (4 min idle left)`);
    expect(await clock.getAttribute("class")).toBe("session-clock ending");

    serverAhead = 31 * minute;
    await page.clock.fastForward(5 * minute);
    await page.getByText(expiredNotice).waitFor();
    expect(await page.getByRole("heading", { name: "Ciclo" }).isVisible()).toBe(true);

    await signIn(page, "investigator.pisa");
    await expectSampleKept(page);
    await page.context().close();
  });

  it("says the session expired when a save is refused (401), and keeps the form's input", async () => {
    const page = await signInPage();
    await signIn(page, "investigator.pisa");
    const sample = await typeSample(page);
    serverAhead = 31 * minute;
    const [refused] = await Promise.all([
      page.waitForResponse((answer) => answer.url().endsWith("/api/samples")),
      sample.getByRole("button", { name: "Save sample" }).click(),
    ]);
    expect(refused.status()).toBe(401);
    await page.getByText(expiredNotice).waitFor();
    expect(new URL(page.url()).pathname).toBe(subjectPath());

    await signIn(page, "investigator.pisa");
    await expectSampleKept(page);
    await page.context().close();
  });

  it("signs out: the session is gone on the server and the typed input is not kept", async () => {
    const page = await signInPage();
    await signIn(page, "investigator.pisa");
    await typeSample(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You signed out.").waitFor();
    expect((await page.request.get(`${run.ciclo.url}/api/me`)).status()).toBe(401);
    await page.reload();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(await page.getByRole("heading", { name: "Study dashboard" }).count()).toBe(0);

    await signIn(page, "investigator.pisa");
    await page.goto(`${run.ciclo.url}${subjectPath()}`);
    await page.getByRole("tab", { name: "Sample" }).click();
    const sample = page.getByRole("form", { name: "Sample" });
    expect(await sample.getByLabel("Drawn at (UTC)").inputValue()).toBe("");
    expect(await sample.getByText("Your input from before the session ended").count()).toBe(0);
    await page.context().close();
  });
});
