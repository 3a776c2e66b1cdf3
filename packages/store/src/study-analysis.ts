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
import { fail, ok, type Result } from "./problem";
import type { Tx } from "./store";

/** A study as the commands and the API name it. */
export interface StudyRef {
  id: string;
  code: string;
}

/**
 * The study a request works on: the one with this id or code, or the only one there is. The
 * problem names `studyId` and lists the studies, so the caller can say which.
 */
export async function findStudy(
  tx: Tx,
  named: { id?: string; code?: string } = {},
): Promise<Result<StudyRef>> {
  const studies: StudyRef[] = await tx.db
    .selectFrom("study")
    .select(["id", "code"])
    .orderBy("code")
    .execute();
  const codes = studies.map((study) => study.code).join(", ") || "(none)";
  if (named.id !== undefined || named.code !== undefined) {
    const study = studies.find((each) => each.id === named.id || each.code === named.code);
    if (study) return ok(study);
    const name = named.code !== undefined ? `code '${named.code}'` : `id '${named.id}'`;
    return fail({
      code: "not_found",
      message: `no study with ${name}; the studies are ${codes}`,
      field: "studyId",
    });
  }
  if (studies.length === 1) return ok(studies[0]);
  return fail({
    code: "invalid",
    field: "studyId",
    message:
      studies.length === 0
        ? "the database holds no study yet; run `ciclo serve --demo` once to create the demo study, or create the study as administrator"
        : `the database holds several studies; say which (${codes})`,
  });
}

/**
 * The protocol in force: the study's protocol version with the highest number (of any study
 * when `studyId` is left out, as the dashboard reads across the database), validated by the
 * trial engine. This is the one place that chooses it: the dashboard, the analyses, the subject
 * charts and the catalogue all read it here, and a version that does not validate is a
 * problem, never skipped.
 *
 * @example
 * const protocol = await store.transaction(actor, (tx) => studyProtocol(tx, studyId));
 * protocol.ok && protocol.value.cycle.lengthDays; // => 70
 */
export async function studyProtocol(tx: Tx, studyId?: string): Promise<Result<Protocol>> {
  let query = tx.db
    .selectFrom("protocolVersion")
    .select(["number", "document"])
    .orderBy("number", "desc")
    .limit(1);
  if (studyId !== undefined) query = query.where("studyId", "=", studyId);
  const latest = await query.executeTakeFirst();
  if (!latest)
    return fail({
      code: "invalid_protocol",
      message: "the study has no protocol version; add one first",
    });
  const parsed = parseProtocol(latest.document);
  if (parsed.ok) return ok(parsed.protocol);
  const problems = parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; ");
  return fail({
    code: "invalid_protocol",
    message: `protocol version ${latest.number} does not validate: ${problems}`,
  });
}

/**
 * The records of one study that the analyses read, as the trial's record types, limited to the
 * subjects of `siteIds` (all sites when undefined). Lab results carry their sample's draw time,
 * relation to IL-2 and cycle, as `LabResultRecord` expects. Each kind is one query that filters
 * by study and site and joins in the database, so reading a 10,000-patient trial costs about as
 * much as the rows it returns.
 *
 * @example
 * const records = await store.transaction(actor, (tx) => trialRecords(tx, studyId));
 * records.subjects.length; // => 137
 */
export async function trialRecords(
  tx: Tx,
  studyId: string,
  siteIds?: string[],
): Promise<TrialRecords> {
  const scope = { studyId, siteIds };
  const read = <T>(entity: Parameters<Tx["records"]["ofStudy"]>[0]) =>
    tx.records.ofStudy(entity, scope) as Promise<unknown> as Promise<T[]>;
  return {
    // A subject enrolled in a randomized protocol enters the analyses once she has her arm.
    subjects: (await read<SubjectRecord>("subject")).filter((subject) => subject.arm != null),
    administrations: await read<AdministrationRecord>("administration"),
    labResults: (await tx.records.labResultsOfStudy(scope)) as unknown as LabResultRecord[],
    progressions: await read<ProgressionRecord>("progression"),
    followUps: await read<FollowUpRecord>("followUp"),
  };
}

/** What the trial's analyses of a study read: its protocol in force and its records. */
export interface AnalysisInput {
  protocol: Protocol;
  records: TrialRecords;
}

/**
 * The one entry to a study's analyses, for the terminal and the API alike: the protocol in force,
 * the records of the sites asked for, and the reference arm checked against the protocol.
 */
export async function analysisInput(
  tx: Tx,
  studyId: string,
  {
    siteIds,
    referenceArm,
    records,
  }: {
    siteIds?: string[];
    referenceArm?: string;
    /** The study's records at those sites read before, when the caller knows they are current. */
    records?: TrialRecords;
  } = {},
): Promise<Result<AnalysisInput>> {
  const protocol = await studyProtocol(tx, studyId);
  if (!protocol.ok) return protocol;
  const arms = protocol.value.arms.map((arm) => arm.code);
  if (referenceArm !== undefined && !arms.includes(referenceArm))
    return fail({
      code: "invalid",
      field: "referenceArm",
      message: `referenceArm '${referenceArm}' is not an arm of the protocol; use one of ${arms.join(", ")}`,
    });
  return ok({
    protocol: protocol.value,
    records: records ?? (await trialRecords(tx, studyId, siteIds)),
  });
}
