import type { Tx } from "@ciclo/store";
import { type Protocol, parseProtocol } from "@ciclo/trial";

export type CurrentProtocol =
  | { ok: true; protocol: Protocol; number: number }
  | { ok: false; code: "no_protocol" | "invalid_protocol"; message: string };

/**
 * The protocol in force: the study's protocol version with the highest number (of any study
 * when `studyId` is left out, as the dashboard reads across the database), validated by the
 * trial engine. The one way Ciclo chooses it: the dashboard, the analyses, the subject charts
 * and the catalogue all read it here, and a version that does not validate is said, never
 * skipped.
 *
 * @example
 * const current = await store.transaction(actor, (tx) => currentProtocol(tx, studyId));
 * if (current.ok) current.protocol.cycle.lengthDays; // => 70
 */
export async function currentProtocol(tx: Tx, studyId?: string): Promise<CurrentProtocol> {
  let query = tx.db
    .selectFrom("protocol_version")
    .select(["number", "document"])
    .orderBy("number", "desc")
    .limit(1);
  if (studyId) query = query.where("studyId", "=", studyId);
  const latest = await query.executeTakeFirst();
  if (!latest)
    return {
      ok: false,
      code: "no_protocol",
      message: "the study has no protocol version; add one first",
    };
  const parsed = parseProtocol(latest.document);
  if (!parsed.ok)
    return {
      ok: false,
      code: "invalid_protocol",
      message: `protocol version ${latest.number} does not validate: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
    };
  return { ok: true, protocol: parsed.protocol, number: Number(latest.number) };
}
