import { systemActor, type Tx } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { describe, expect, it } from "vitest";
import { browserCiclo } from "./browser-fixture";

async function create(tx: Tx, entity: string, input: Record<string, unknown>): Promise<string> {
  const result = await tx.records.create(entity as never, input);
  if (!result.ok) throw new Error(`${entity}: ${result.problem.message}`);
  return result.value.id;
}

/**
 * Protocol version 2 gives Pisa its own CEA cut-off of 10 ng/mL (the study's stays 5); a Pisa
 * subject gets the three IL-2 doses of week 5 of cycle 1 and a post-IL-2 CEA of 9 ng/mL.
 */
const run = browserCiclo({
  seed: ({ store, demo }) =>
    store.transaction(systemActor, async (tx) => {
      const pisa = demo.siteIds.PI;
      const cutoffs = [
        ...seedProtocol.markers.cutoffs,
        { ...seedProtocol.markers.cutoffs[0], value: 10, site: pisa },
      ];
      await create(tx, "protocolVersion", {
        studyId: demo.studyId,
        number: 2,
        effectiveDate: "2025-01-01",
        document: { ...seedProtocol, markers: { ...seedProtocol.markers, cutoffs } },
      });
      const subjectId = await create(tx, "subject", {
        studyId: demo.studyId,
        siteId: pisa,
        pseudonym: "PI-201",
        arm: "treated",
        enrolmentDate: "2025-01-06",
        firstIfnDate: "2025-01-06",
      });
      for (const day of ["2025-02-03", "2025-02-05", "2025-02-07"])
        await create(tx, "administration", {
          subjectId,
          drug: "il-2",
          scheduledDate: day,
          givenAt: `${day}T08:00:00Z`,
          dose: 3_000_000,
          unit: "IU",
          route: "sc",
          status: "given",
        });
      const sampleId = await create(tx, "sample", {
        subjectId,
        drawnAt: "2025-02-04T09:00:00Z",
        relation: "post",
        cycle: 1,
      });
      await create(tx, "labResult", { sampleId, analyte: "CEA", value: 9, unit: "ng/mL" });
      return subjectId;
    }),
});

describe("the marker chart in Chromium", () => {
  it("at a site with its own cut-off shows that cut-off, and shades only the protocol's post-IL-2 window", async () => {
    const page = await run.signedIn("investigator.pisa");
    await page.goto(`${run.ciclo.url}/subjects/${run.seeded}`);
    const markers = page.locator("#markers");
    await markers.locator("figcaption").waitFor();
    expect(await markers.locator("figcaption").textContent()).toContain(
      "cut-offs used: CEA 10 ng/mL",
    );
    // 9 ng/mL ÷ Pisa's 10 ng/mL, not ÷ the study's 5 ng/mL (1.80).
    expect(await markers.locator("circle title").allTextContents()).toEqual([
      "CEA 9 ng/mL (0.90× cut-off 10 ng/mL)",
    ]);
    // Three IL-2 doses, one post-IL-2 window: the protocol samples after the cycle's first dose.
    expect(await markers.locator('g[aria-label="rect"] rect').count()).toBe(1);
    await page.context().close();
  });
});
