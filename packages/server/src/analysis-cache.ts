import {
  type Actor,
  type AnalysisInput,
  analysisInput,
  auditTrailVersion,
  type Result,
  type Store,
} from "@ciclo/store";
import type { TrialRecords } from "@ciclo/trial";

/** Studies (with a set of sites) whose records are kept: the newest asked for. */
const keptStudies = 2;

/**
 * The analyses' input (protocol in force and records) with each study's records kept between
 * requests, so that changing the origin, the landmark or the reference arm on the analysis page
 * recomputes the analyses without reading the trial from the database again (most of the time
 * of a large report). The records are read again as soon as anything was written: each request
 * compares `auditTrailVersion`, which every audited write moves, from this process or another,
 * with the version the kept records were read at (one small query). The version is read before
 * the records, in the same transaction, so kept records are never older than their version.
 *
 * @example
 * const inputs = analysisInputCache(store);
 * await inputs(actor, studyId, { siteIds, referenceArm: "control" });
 */
export function analysisInputCache(store: Store) {
  const kept = new Map<string, { version: string; records: TrialRecords }>();
  return (
    actor: Actor,
    studyId: string,
    options: { siteIds?: string[]; referenceArm?: string },
  ): Promise<Result<AnalysisInput>> =>
    store.transaction(actor, async (tx) => {
      const key = JSON.stringify([studyId, options.siteIds ? [...options.siteIds].sort() : null]);
      const version = await auditTrailVersion(tx.db);
      const current = kept.get(key);
      const records = current?.version === version ? current.records : undefined;
      const input = await analysisInput(tx, studyId, { ...options, records });
      if (input.ok && !records) {
        kept.delete(key);
        kept.set(key, { version, records: input.value.records });
        for (const oldest of kept.keys()) if (kept.size > keptStudies) kept.delete(oldest);
      }
      return input;
    });
}
