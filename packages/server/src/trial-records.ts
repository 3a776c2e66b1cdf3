import type { EntityName, StoredRecord, Tx } from "@ciclo/store";
import {
  type AdministrationRecord,
  type FollowUpRecord,
  type LabResultRecord,
  type ProgressionRecord,
  type Protocol,
  parseProtocol,
  type SubjectRecord,
  type TrialRecords,
} from "@ciclo/trial";

const pageSize = 5000;

/** Every record of an entity matching the filter, page by page (the repository pages at 1000). */
async function listAll(
  tx: Tx,
  entity: EntityName,
  filter: { siteIds?: string[]; where?: Record<string, string> },
): Promise<StoredRecord[]> {
  const rows: StoredRecord[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await tx.records.list(entity, { ...filter, limit: pageSize, offset });
    rows.push(...page);
    if (page.length < pageSize) return rows;
  }
}

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
 * The study's protocol in force for the analyses: its latest version, validated by the trial
 * engine; a message when the study has none or it does not validate.
 */
export async function loadStudyProtocol(
  tx: Tx,
  studyId: string,
): Promise<{ ok: true; protocol: Protocol } | { ok: false; message: string }> {
  const versions = await listAll(tx, "protocolVersion", { where: { studyId } });
  const latest = versions.sort((a, b) => (b.number as number) - (a.number as number))[0];
  if (!latest) return { ok: false, message: "the study has no protocol version; add one first" };
  const parsed = parseProtocol(latest.document);
  if (!parsed.ok)
    return {
      ok: false,
      message: `protocol version ${latest.number} does not validate: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
    };
  return { ok: true, protocol: parsed.protocol };
}
