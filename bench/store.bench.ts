/**
 * The store at trial scale: importing a lab-results CSV (checked row by row, written in batches
 * with one audit row per record, in one transaction) and verifying the whole audit chain.
 * Runs on an in-memory PGlite; migrating it is not timed.
 */
import { performance } from "node:perf_hooks";
import { importCsv, openStore, systemActor } from "@ciclo/store";
import type { BenchContext, BenchRow } from "./run";

export const name = "store";

const analytes = [
  ["CEA", "ng/mL", 3.1],
  ["CA15-3", "U/mL", 24],
  ["TPA", "U/L", 70],
  ["CD4", "cells/µL", 800],
] as const;

/** `n` results: 4 analytes per draw, one draw a week per subject, 40 subjects. */
function labCsv(n: number): string {
  const lines = ["pseudonym,drawn_at,relation,analyte,value,unit"];
  for (let index = 0; index < n; index++) {
    const draw = Math.floor(index / analytes.length);
    const subject = draw % 40;
    const week = Math.floor(draw / 40);
    const day = new Date(Date.UTC(2024, 1, 1) + week * 7 * 86_400_000).toISOString();
    const [analyte, unit, value] = analytes[index % analytes.length];
    lines.push(`S-${subject},${day},routine,${analyte},${value},${unit}`);
  }
  return `${lines.join("\n")}\n`;
}

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of context.sizes ?? [1000, 10000]) {
    context.progress(`store: import ${n} lab results`);
    const store = await openStore({});
    const studyId = await store.transaction(systemActor, async (tx) => {
      const study = await tx.records.create("study", { code: "BENCH", title: "Bench" });
      if (!study.ok) throw new Error(study.problem.message);
      const site = await tx.records.create("site", {
        studyId: study.value.id,
        code: "PI",
        name: "Pisa",
      });
      if (!site.ok) throw new Error(site.problem.message);
      const subjects = Array.from({ length: 40 }, (_, index) => `PI,S-${index},treated,2024-01-10`);
      const csv = `site_code,pseudonym,arm,enrolment_date\n${subjects.join("\n")}\n`;
      const imported = await importCsv(tx, { kind: "subjects", csv, studyId: study.value.id });
      if (!imported.ok) throw new Error(imported.problem.message);
      return study.value.id;
    });
    const csv = labCsv(n);
    let start = performance.now();
    const outcome = await store.transaction(systemActor, (tx) =>
      importCsv(tx, { kind: "lab-results", csv, studyId }),
    );
    const importMs = performance.now() - start;
    if (!outcome.ok) throw new Error(outcome.problem.message);
    rows.push({ task: "CSV import of lab results (audited)", n, cicloMs: importMs });
    start = performance.now();
    const verdict = await store.verifyAuditChain();
    const verifyMs = performance.now() - start;
    if (!verdict.ok) throw new Error(verdict.message);
    rows.push({
      task: "audit chain verification",
      n: verdict.rows,
      cicloMs: verifyMs,
      note: "rows of the audit trail",
    });
    await store.close();
  }
  return rows;
}
