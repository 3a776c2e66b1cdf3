import { parseProtocol } from "@ciclo/trial";
import type { Kysely } from "kysely";
import type { EntityName } from "./entities";
import type { FieldProblem } from "./record-check";
import type { Database } from "./schema";

/** The codes a study's protocol defines that records name: arms, drugs, anti-estrogen agents. */
export interface ProtocolCodes {
  /** The protocol version the codes come from, for the message. */
  version: number;
  arms: string[];
  drugs: string[];
  agents: string[];
}

/**
 * The drug code of the continuous anti-estrogen in administrations; the protocol names its
 * agents (tamoxifen, letrozole, …) apart, as the subject's `hormoneTherapyAgent`.
 */
const antiEstrogenDrug = "anti-estrogen";

/**
 * The codes of the study's protocol in force (its latest version); undefined when the study has
 * no protocol version yet, or its document does not validate, so there is nothing to check against.
 */
export async function protocolCodesOf(
  trx: Kysely<Database>,
  studyId: string,
): Promise<ProtocolCodes | undefined> {
  const latest = await trx
    .selectFrom("protocolVersion")
    .select(["number", "document"])
    .where("studyId", "=", studyId)
    .orderBy("number", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!latest) return undefined;
  const parsed = parseProtocol(latest.document);
  if (!parsed.ok) return undefined;
  const { arms, antiEstrogen } = parsed.protocol;
  return {
    version: latest.number as number,
    arms: arms.map((arm) => arm.code),
    drugs: [
      ...new Set([...arms.flatMap((arm) => arm.drugs.map((drug) => drug.code)), antiEstrogenDrug]),
    ],
    agents: antiEstrogen.agents.map((agent) => agent.code),
  };
}

/** Which field of which entity holds which kind of protocol code. */
const codedFields: Partial<
  Record<EntityName, Record<string, keyof Omit<ProtocolCodes, "version">>>
> = {
  subject: { arm: "arms", hormoneTherapyAgent: "agents" },
  administration: { drug: "drugs" },
};

const codeWords = { arms: "an arm", drugs: "a drug", agents: "an anti-estrogen agent" };

/** Whether `entity` has a field coded by the protocol. */
export function hasProtocolCodes(entity: EntityName): boolean {
  return codedFields[entity] !== undefined;
}

/**
 * Every coded field of `record` whose value the protocol does not define.
 *
 * @example
 * codeProblems(codes, "subject", { arm: "no-such-arm" });
 * // => [{ field: "arm", message: "'no-such-arm' is not an arm of protocol version 1; use one of treated, control" }]
 */
export function codeProblems(
  codes: ProtocolCodes,
  entity: EntityName,
  record: Record<string, unknown>,
): FieldProblem[] {
  return Object.entries(codedFields[entity] ?? {}).flatMap(([field, kind]) => {
    const value = record[field];
    if (value === undefined || value === null || codes[kind].includes(value as string)) return [];
    return [
      {
        field,
        message: `'${String(value)}' is not ${codeWords[kind]} of protocol version ${codes.version}; use one of ${codes[kind].join(", ")}`,
      },
    ];
  });
}
