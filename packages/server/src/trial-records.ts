import type { Tx } from "@ciclo/store";
import type {
  AdministrationRecord,
  FollowUpRecord,
  LabResultRecord,
  ProgressionRecord,
  Protocol,
  SubjectRecord,
  TrialRecords,
} from "@ciclo/trial";
import { currentProtocol } from "./current-protocol";

/**
 * The records of one study that the analyses read, as the trial's record types, limited to the
 * subjects of `siteIds` (all sites when undefined). Lab results carry their sample's draw time,
 * relation to IL-2 and cycle, as `LabResultRecord` expects. Each kind is one query that the
 * store filters by study and site and joins in the database, so reading a 10,000-patient trial
 * costs about as much as the rows it returns.
 *
 * @example
 * const records = await store.transaction(actor, (tx) => loadTrialRecords(tx, studyId));
 * records.subjects.length; // => 137
 */
export async function loadTrialRecords(
  tx: Tx,
  studyId: string,
  siteIds?: string[],
): Promise<TrialRecords> {
  const scope = { studyId, siteIds };
  return {
    subjects: (await tx.records.ofStudy("subject", scope)) as unknown as SubjectRecord[],
    administrations: (await tx.records.ofStudy(
      "administration",
      scope,
    )) as unknown as AdministrationRecord[],
    labResults: (await tx.records.labResultsOfStudy(scope)) as unknown as LabResultRecord[],
    progressions: (await tx.records.ofStudy(
      "progression",
      scope,
    )) as unknown as ProgressionRecord[],
    followUps: (await tx.records.ofStudy("followUp", scope)) as unknown as FollowUpRecord[],
  };
}

/**
 * The study's protocol in force for the analyses: `currentProtocol`, the one choice of it.
 */
export async function loadStudyProtocol(
  tx: Tx,
  studyId: string,
): Promise<{ ok: true; protocol: Protocol } | { ok: false; message: string }> {
  return currentProtocol(tx, studyId);
}
