import { seededRandom, simulateCohort } from "@ciclo/sim";
import {
  type Actor,
  cohortCsv,
  importCohortCsv,
  openTestStoreInTransaction,
  postgresTestDatabase,
  type Store,
  seedTestStudy,
  systemActor,
} from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { afterAll } from "vitest";

/** A clock a minute on at each reading, so that audit rows have distinct times. */
export function minuteClock(): () => Date {
  let minute = 0;
  return () => new Date(Date.UTC(2024, 4, 2, 10, minute++));
}

/** The data manager who corrects and signs in the demo study. */
export const dataManager: Actor = { userId: "dm-1", username: "dm.rossi" };

/**
 * A demo-like study: the pilot protocol, sites Pisa and Firenze, a simulated cohort (1 treated,
 * 1 control) imported through the store's CSV import, one lab value corrected with a reason
 * and one adverse event signed, so that the files carry audit records and a signature.
 */
export async function seedDemoStudy(store: Store): Promise<{ studyId: string }> {
  const { studyId } = await store.transaction(systemActor, (tx) =>
    seedTestStudy(tx, { sites: { PI: "Pisa", FI: "Firenze" }, protocol: seedProtocol }),
  );
  const cohort = simulateCohort(
    seedProtocol,
    { treated: 1, controls: 1, sites: ["PI", "FI"] },
    seededRandom(17),
  );
  // The first cycle's doses and draws keep the files small and the test fast.
  const early = (record: { cycle?: number | null }) => (record.cycle ?? 1) <= 1;
  const trimmed = {
    ...cohort,
    administrations: cohort.administrations.filter(early),
    labResults: cohort.labResults.filter(early),
  };
  const imported = await store.transaction(systemActor, (tx) =>
    importCohortCsv(tx, cohortCsv(trimmed), { studyId, reason: "demo cohort" }),
  );
  if (!imported.ok) throw new Error(`demo cohort refused: ${imported.problem.message}`);
  await store.transaction(dataManager, async (tx) => {
    const [result] = await tx.records.list("labResult", { where: { analyte: "CEA" }, limit: 1 });
    const changed = await tx.records.update(
      "labResult",
      result.id,
      result.version,
      { value: Number(result.value) + 0.5 },
      "transcription error, corrected against the lab report",
    );
    if (!changed.ok) throw new Error(changed.problem.message);
    const [event] = await tx.records.list("adverseEvent", { limit: 1 });
    if (event) {
      const signed = await tx.records.create("signature", {
        entity: "adverseEvent",
        recordId: event.id,
        meaning: "review",
      });
      if (!signed.ok) throw new Error(signed.problem.message);
    }
  });
  return { studyId };
}

/**
 * The engines a store test runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
 * Each returns a fresh empty store that lives in one rolled-back transaction.
 */
export function engines(): [string, (clock: () => Date) => Promise<Store>][] {
  const list: [string, (clock: () => Date) => Promise<Store>][] = [
    ["PGlite", openTestStoreInTransaction],
  ];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const database = postgresTestDatabase(serverUrl);
    afterAll(() => database.drop());
    list.push(["PostgreSQL", (clock) => database.openStore(clock)]);
  }
  return list;
}
