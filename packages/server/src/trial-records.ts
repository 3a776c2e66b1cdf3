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
 * relation to IL-2 and cycle, as `LabResultRecord` expects.
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
  const subjectRows = await listAll(tx, "subject", { siteIds, where: { studyId } });
  const ids = new Set(subjectRows.map((row) => row.id));
  const ofStudy = async (entity: EntityName) =>
    (await listAll(tx, entity, { siteIds })).filter((row) => ids.has(row.subjectId as string));
  const samples = new Map((await ofStudy("sample")).map((row) => [row.id, row]));
  const labResults = (await listAll(tx, "labResult", { siteIds }))
    .filter((row) => samples.has(row.sampleId as string))
    .map((row): LabResultRecord => {
      const sample = samples.get(row.sampleId as string)!;
      return {
        ...(withoutBookkeeping(row) as unknown as LabResultRecord),
        subjectId: sample.subjectId as string,
        drawnAt: sample.drawnAt as string,
        relation: sample.relation as LabResultRecord["relation"],
        cycle: (sample.cycle as number | null) ?? null,
      };
    });
  return {
    subjects: subjectRows.map(
      (row) => ({ ...withoutBookkeeping(row), subjectId: row.id }) as unknown as SubjectRecord,
    ),
    administrations: (await ofStudy("administration")).map(
      (row) => withoutBookkeeping(row) as unknown as AdministrationRecord,
    ),
    labResults,
    progressions: (await ofStudy("progression")).map(
      (row) => withoutBookkeeping(row) as unknown as ProgressionRecord,
    ),
    followUps: (await ofStudy("followUp")).map(
      (row) => withoutBookkeeping(row) as unknown as FollowUpRecord,
    ),
  };
}

/**
 * A stored row without the store's bookkeeping (id, version, timestamps), so that the data
 * snapshot hash depends on the clinical content only.
 */
function withoutBookkeeping(row: StoredRecord): Record<string, unknown> {
  const { id: _id, version: _version, createdAt: _createdAt, updatedAt: _updatedAt, ...rest } = row;
  return rest;
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
