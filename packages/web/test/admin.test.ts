import { describe, expect, it } from "vitest";
import { browserCiclo, signedInPage } from "./browser-fixture";
import { seedCohort } from "./demo-cohort";

// One subject at each demo site (Pisa, Firenze, Siena), none at the site the test adds.
const run = browserCiclo({
  seed: ({ store, demo }) =>
    seedCohort(store, demo, {
      subjects: 3,
      detailed: 0,
      today: new Date().toISOString().slice(0, 10),
    }),
});

describe("administration in Chromium", () => {
  it("adds a site, a user with a role there and a second role; she signs in and sees only that site", async () => {
    const admin = await run.signedIn("admin");
    await admin.getByRole("link", { name: "Admin" }).click();

    const site = admin.getByRole("form", { name: "Site" });
    await site.getByLabel("Code").fill("LU");
    await site.getByLabel("Name").fill("Lucca");
    await site.getByRole("button", { name: "Save site" }).click();
    await site.getByText("Site saved.").waitFor();
    await admin.getByRole("cell", { name: "Lucca", exact: true }).waitFor();

    const addUser = admin.getByRole("form", { name: "Add a user" });
    await addUser.getByLabel("Username").fill("coordinator.lucca");
    await addUser.getByLabel("Display name").fill("Coordinator, Lucca");
    await addUser.getByLabel("First password").fill("lucca-first-password");
    await addUser.getByLabel("Role").selectOption("coordinator");
    await addUser.getByLabel("Site").selectOption({ label: "Lucca" });
    await addUser.getByRole("button", { name: "Add user" }).click();
    const row = admin.getByRole("row").filter({ hasText: "coordinator.lucca" });
    await row.getByText("coordinator · Lucca").waitFor();

    const grant = admin.getByRole("form", { name: "Grant a role" });
    await grant.getByLabel("User").selectOption({ label: "coordinator.lucca" });
    await grant.getByLabel("Role").selectOption("investigator");
    await grant.getByLabel("Site").selectOption({ label: "Lucca" });
    await grant.getByRole("button", { name: "Grant role" }).click();
    await row.getByText("investigator · Lucca").waitFor();
    expect(await row.locator(".role-chip").count()).toBe(2);
    await admin.context().close();

    const lucca = await signedInPage(
      run.browser,
      run.ciclo,
      "coordinator.lucca",
      {},
      "lucca-first-password",
    );
    expect(await lucca.locator(".subtitle").textContent()).toMatch(/^Lucca · \d{4}-\d{2}-\d{2}$/);
    const me = await (await lucca.request.get(`${run.ciclo.url}/api/me`)).json();
    expect(me.roles.map((role: { role: string }) => role.role).sort()).toEqual([
      "coordinator",
      "investigator",
    ]);
    // Enrolment offers her own site only.
    const enrolSite = lucca.getByRole("form", { name: "Enrol a subject" }).getByLabel("Site");
    expect(await enrolSite.locator("option").allTextContents()).toEqual(["choose…", "Lucca"]);
    const subjects = await (await lucca.request.get(`${run.ciclo.url}/api/subjects`)).json();
    expect(subjects.items).toEqual([]);
    expect(
      (await lucca.request.get(`${run.ciclo.url}/api/subjects/${run.seeded[0]}`)).status(),
    ).toBe(404);
    await lucca.goto(`${run.ciclo.url}/subjects/${run.seeded[0]}`);
    await lucca.getByRole("heading", { name: "Subject not found" }).waitFor();
    await lucca.context().close();
  });
});
