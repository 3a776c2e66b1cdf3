/**
 * Takes the README's screenshots (docs/*.png) of the dashboard, a subject page, the analysis
 * page and a subject's data entry on an upright tablet, over the demo trial with a seeded cohort. Run: `npx tsx packages/web/test/take-screenshots.ts`.
 */
import { join, resolve } from "node:path";
import { buildWebAppIfStale, launchChromium, signedInPage, startCiclo } from "./browser-fixture";
import { seedCohort } from "./demo-cohort";

const docs = resolve(import.meta.dirname, "../../../docs");
const today = new Date().toISOString().slice(0, 10);
const ciclo = await startCiclo(await buildWebAppIfStale());
const ids = await seedCohort(ciclo.store, ciclo.demo, { subjects: 140, detailed: 3, today });
const browser = await launchChromium();

const investigator = await signedInPage(browser, ciclo, "investigator.pisa");
await investigator.screenshot({ path: join(docs, "dashboard.png"), fullPage: true });
await investigator.goto(`${ciclo.url}/subjects/${ids[0]}`);
await investigator.locator("#markers svg").first().waitFor();
await investigator.setViewportSize({ width: 1280, height: 2100 });
await investigator.screenshot({ path: join(docs, "subject.png") });

const tablet = await signedInPage(browser, ciclo, "investigator.pisa", {
  viewport: { width: 768, height: 1024 },
  hasTouch: true,
});
await tablet.goto(`${ciclo.url}/subjects/${ids[0]}`);
await tablet.locator("#markers svg").first().waitFor();
await tablet.getByRole("tab", { name: "Lab result" }).tap();
await tablet.getByRole("heading", { name: "Record data" }).evaluate((heading) => {
  window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - 120);
});
await tablet.screenshot({ path: join(docs, "tablet.png") });

const statistician = await signedInPage(browser, ciclo, "statistician");
await statistician.goto(`${ciclo.url}/analysis`);
await statistician.locator(".analysis-grid svg").first().waitFor({ timeout: 60_000 });
await statistician.screenshot({ path: join(docs, "analysis.png"), fullPage: true });

await browser.close();
await ciclo.close();
console.log(`screenshots written to ${docs}`);
