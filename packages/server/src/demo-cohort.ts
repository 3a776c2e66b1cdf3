import { seededRandom, simulateCohort } from "@ciclo/sim";
import {
  cohortCsv,
  type ImportCounts,
  importCohortCsv,
  type Result,
  type Store,
  systemActor,
} from "@ciclo/store";
import type { Protocol } from "@ciclo/trial";

export interface DemoCohortOptions {
  protocol: Protocol;
  studyId: string;
  /** Site codes the demo study has (subjects are spread over them). */
  siteCodes: readonly string[];
  treated?: number;
  controls?: number;
  seed?: number;
}

/**
 * Simulates the demo cohort (42 treated, 95 controls by default: the pilot's size) and imports
 * it through the store's CSV import, file by file, in one transaction: the demo data go
 * through the same path, and the same checks, as a site's files.
 *
 * @example
 * const counts = await importDemoCohort(store, { protocol: seedProtocol, studyId, siteCodes: ["PI", "FI", "SI"] });
 * counts.ok && counts.value[0]; // => { kind: "subjects", rows: 137, … }
 */
export async function importDemoCohort(
  store: Store,
  { protocol, studyId, siteCodes, treated = 42, controls = 95, seed = 1 }: DemoCohortOptions,
): Promise<Result<ImportCounts[]>> {
  const cohort = simulateCohort(
    protocol,
    { treated, controls, sites: siteCodes },
    seededRandom(seed),
  );
  return store.transaction(systemActor, (tx) =>
    importCohortCsv(tx, cohortCsv(cohort), { studyId, reason: "demo data: simulated cohort" }),
  );
}
