import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserCiclo } from "./browser-fixture";

const run = browserCiclo();
let subjectPath = "";

/** A fresh browser context signed in as a demo user (password `ciclo-demo`). */
const signedIn = (username: string) => run.signedIn(username);

describe("the web application in Chromium", () => {
  it("refuses a wrong password beside the field, then signs in and shows the session's end", async () => {
    const page = await run.browser.newPage();
    await page.goto(run.ciclo.url);
    await page.getByLabel("Username").fill("investigator.pisa");
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect
      .poll(() => page.locator(".field-error").textContent())
      .toBe("username or password is wrong; check both and try again");
    await page.getByLabel("Password").fill("ciclo-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Study dashboard" }).waitFor();
    expect(await page.locator(".session-clock").textContent()).toMatch(
      /^Session ends at .+ \((29|30) min idle left\)$/,
    );
    expect(await page.locator(".subtitle").textContent()).toContain("Pisa");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You signed out.").waitFor();
    await page.context().close();
  });

  it("enrols a subject, records an IL-2 dose and a post-dose CEA above the cut-off, and shows the alert", async () => {
    const page = await signedIn("investigator.pisa");
    const enrol = page.getByRole("form", { name: "Enrol a subject" });
    await enrol.getByLabel("Site").selectOption({ label: "Pisa" });
    await enrol.getByLabel("Pseudonym").fill("PI-101");
    await enrol.getByLabel("Arm").selectOption("treated");
    await enrol.getByLabel("Enrolment date").fill("2025-01-06");
    await enrol.getByLabel("First IFN-β dose").fill("2025-01-06");
    await enrol.getByRole("button", { name: "Save enrol a subject" }).click();
    await page.getByRole("heading", { name: /Subject PI-101/ }).waitFor();
    subjectPath = new URL(page.url()).pathname;
    expect(subjectPath).toMatch(/^\/subjects\/.+/);

    await page.getByRole("tab", { name: "Administration" }).click();
    const dose = page.getByRole("form", { name: "Administration" });
    await dose.getByLabel("Drug").selectOption("il-2");
    await dose.getByLabel("Status").selectOption("given");
    await dose.getByLabel("Given at (UTC)").fill("2025-02-03T08:00");
    await dose.getByLabel("Dose").fill("3000000");
    await dose.getByLabel("Unit").fill("IU");
    await dose.getByLabel("Route").selectOption("sc");
    await dose.getByRole("button", { name: "Save administration" }).click();
    await dose.getByText("Administration saved.").waitFor();

    await page.getByRole("tab", { name: "Sample" }).click();
    const sample = page.getByRole("form", { name: "Sample" });
    await sample.getByLabel("Drawn at (UTC)").fill("2025-02-05T08:00");
    await sample.getByLabel("Relation to IL-2").selectOption("post");
    await sample.getByRole("button", { name: "Save sample" }).click();
    await sample.getByText("Sample saved.").waitFor();

    await page.getByRole("tab", { name: "Lab result" }).click();
    const result = page.getByRole("form", { name: "Lab result" });
    await result.getByLabel("Sample").selectOption({ index: 1 });
    await result.getByLabel("Analyte").selectOption("CEA");
    expect(await result.getByLabel("Unit").inputValue()).toBe("ng/mL");
    // Without a value, the API's message appears beside the Value field.
    await result.getByRole("button", { name: "Save lab result" }).click();
    await expect
      .poll(() => result.locator(".field-invalid .field-error").textContent())
      .toContain("value is empty; give the value");
    await result.getByLabel("Value", { exact: true }).fill("12");
    await result.getByRole("button", { name: "Save lab result" }).click();
    await result.getByText("Lab result saved.").waitFor();
    await page.getByRole("cell", { name: "12 ng/mL" }).waitFor();

    await page.getByRole("link", { name: "Dashboard" }).click();
    const alerts = page.getByRole("region", { name: "Alerts" });
    // 12 ng/mL ÷ the protocol's CEA cut-off 5 ng/mL = 2.40
    await alerts.getByText("CEA 12 ng/mL after IL-2 is 2.40× its cut-off 5 ng/mL").waitFor();
    expect(await alerts.locator(".badge").first().textContent()).toBe("Marker rise after IL-2");
    await page.context().close();
  });

  it("shows a conflicting change (409) and keeps the user's input", async () => {
    const first = await signedIn("investigator.pisa");
    const second = await signedIn("coordinator.pisa");
    for (const page of [first, second]) {
      await page.goto(`${run.ciclo.url}${subjectPath}`);
      await page.getByRole("heading", { name: /Subject PI-101/ }).waitFor();
      const row = page.getByRole("row").filter({ hasText: "CEA" });
      await row.getByRole("button", { name: "Change" }).click();
    }
    const changeIn = (page: Page) => page.getByRole("form", { name: "Lab result" }).last();
    await changeIn(first).getByLabel("Value", { exact: true }).fill("12.5");
    await changeIn(first).getByLabel("Reason for change").fill("transcription error");
    await changeIn(first).getByRole("button", { name: "Save change" }).click();
    await changeIn(first).getByText("Lab result saved.").waitFor();

    await changeIn(second).getByLabel("Value", { exact: true }).fill("13");
    await changeIn(second).getByLabel("Reason for change").fill("lab re-run");
    await changeIn(second).getByRole("button", { name: "Save change" }).click();
    await changeIn(second)
      .getByText("Not saved: this record changed since you opened it.")
      .waitFor();
    expect(await changeIn(second).getByLabel("Value", { exact: true }).inputValue()).toBe("13");
    expect(await changeIn(second).getByLabel("Reason for change").inputValue()).toBe("lab re-run");
    await first.context().close();
    await second.context().close();
  });

  it("raises a query on a field and closes it", async () => {
    const page = await signedIn("data-manager.pisa");
    await page.goto(`${run.ciclo.url}${subjectPath}`);
    const row = page.getByRole("row").filter({ hasText: "CEA" });
    await row.getByRole("button", { name: "Queries" }).click();
    const raise = page.getByRole("form", { name: "Raise a query" });
    await raise.getByLabel("Field").selectOption("value");
    await raise
      .getByLabel("Question to the site")
      .fill("Please confirm the CEA value against the lab report");
    await raise.getByRole("button", { name: "Raise query" }).click();
    const query = page.locator(".query").filter({ hasText: "Please confirm the CEA value" });
    await query.waitFor();
    expect(await query.locator(".badge").textContent()).toBe("open");
    await query.getByRole("button", { name: "Close query" }).click();
    await expect.poll(() => query.locator(".badge").textContent()).toBe("closed");
    await page.context().close();
  });

  it("lets a monitor read but not edit, in the page and through the API", async () => {
    const page = await signedIn("monitor.pisa");
    await page.goto(`${run.ciclo.url}${subjectPath}`);
    await page.getByRole("heading", { name: /Subject PI-101/ }).waitFor();
    expect(await page.locator(".subject-header p").textContent()).toContain("read only");
    expect(await page.getByRole("heading", { name: "Record data" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Change" }).count()).toBe(0);
    const me = await (await page.request.get(`${run.ciclo.url}/api/me`)).json();
    const subjectId = subjectPath.split("/").pop();
    const subject = await (
      await page.request.get(`${run.ciclo.url}/api/subjects/${subjectId}`)
    ).json();
    const edit = await page.request.patch(`${run.ciclo.url}/api/subjects/${subjectId}`, {
      headers: { "x-csrf-token": me.csrfToken },
      data: { version: subject.version, reason: "monitor tries", changes: { arm: "control" } },
    });
    expect(edit.status()).toBe(403);
    await page.context().close();
  });

  it("does not show a subject of Pisa to an investigator of Siena, in the page or the API", async () => {
    const page = await signedIn("investigator.siena");
    await page.goto(`${run.ciclo.url}${subjectPath}`);
    await page.getByRole("heading", { name: "Subject not found" }).waitFor();
    expect(await page.getByText("PI-101").count()).toBe(0);
    const subjectId = subjectPath.split("/").pop();
    const read = await page.request.get(`${run.ciclo.url}/api/subjects/${subjectId}`);
    expect(read.status()).toBe(404);
    const results = await page.request.get(
      `${run.ciclo.url}/api/lab-results?subjectId=${subjectId}`,
    );
    expect(results.status()).toBe(404);
    await page.context().close();
  });
});
