import { seededRandom, simulateCohort } from "@ciclo/sim";
import {
  cohortCsv,
  type ImportCounts,
  importCohortCsv,
  type Result,
  type Store,
  systemActor,
} from "@ciclo/store";
import { addDays, type PlainDate, type Protocol } from "@ciclo/trial";

export interface DemoCohortOptions {
  protocol: Protocol;
  studyId: string;
  /** Site codes the demo study has (subjects are spread over them). */
  siteCodes: readonly string[];
  treated?: number;
  controls?: number;
  seed?: number;
  /**
   * The day the demo is opened: subjects start hormone therapy over the eight years before it,
   * the last ones ten weeks before, and nothing is recorded after it, so that today falls inside
   * the follow-up of a running trial (doses due this week, subjects in their first cycles).
   * Without it, the pilot's own dates (1992–2012).
   */
  today?: PlainDate;
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
  { protocol, studyId, siteCodes, treated = 42, controls = 95, seed = 1, today }: DemoCohortOptions,
): Promise<Result<ImportCounts[]>> {
  const dated = today
    ? { accrualFrom: addDays(today, -8 * 365), accrualTo: addDays(today, -70), dataCut: today }
    : {};
  const cohort = simulateCohort(
    protocol,
    { treated, controls, sites: siteCodes, ...dated },
    seededRandom(seed),
  );
  return store.transaction(systemActor, (tx) =>
    importCohortCsv(tx, cohortCsv(cohort), { studyId, reason: "demo data: simulated cohort" }),
  );
}
