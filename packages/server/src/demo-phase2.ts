import { readFileSync } from "node:fs";
import { type Store, systemActor, type Tx } from "@ciclo/store";
import { type Protocol, parseProtocol } from "@ciclo/trial";
import { type DemoLogin, demoPassword, phase2DemoStudyCode } from "./demo-study";
import { defaultScryptCost, hashPassword, type ScryptCost } from "./password";

/** The centres of the demo phase II, apart from the pilot's, so each login sees one study. */
export const phase2Sites = [
  { code: "LI", name: "Livorno" },
  { code: "LU", name: "Lucca" },
  { code: "AR", name: "Arezzo" },
] as const;

/** The randomized phase II protocol (domain.md §6), as the trial package keeps it. */
export function readPhase2Protocol(): Protocol {
  const file = new URL("../../trial/protocols/ciclo-phase2.yaml", import.meta.url);
  const parsed = parseProtocol(readFileSync(file, "utf8"));
  if (!parsed.ok) throw new Error(`ciclo-phase2.yaml: ${parsed.problems[0]?.message}`);
  return parsed.protocol;
}

/** The phase II's logins: each site role at each centre, and the randomization manager. */
export function phase2Logins(): DemoLogin[] {
  const roles = ["investigator", "coordinator", "data_manager", "monitor"] as const;
  return [
    { username: "randomization-manager", role: "randomization_manager", siteCode: null },
    ...phase2Sites.flatMap((site) =>
      roles.map((role) => ({
        username: `${role.replace("_", "-")}.${site.name.toLowerCase()}`,
        role,
        siteCode: site.code,
      })),
    ),
  ];
}

export interface Phase2DemoStudy {
  studyId: string;
  siteIds: Record<string, string>;
  userIds: Record<string, string>;
  logins: DemoLogin[];
}

/**
 * Creates the demo phase II beside the pilot, in one audited transaction: the study with the
 * randomized protocol as version 1, three centres of its own and a user of every site role at
 * each, plus the randomization manager, all with the demo password. Its subjects are enrolled
 * and randomized through the application; none is imported.
 *
 * @example
 * const phase2 = await seedPhase2DemoStudy(store, { protocol: readPhase2Protocol() });
 * phase2.logins.length; // => 13
 */
export async function seedPhase2DemoStudy(
  store: Store,
  {
    protocol,
    passwordCost = defaultScryptCost,
    effectiveDate = "2026-01-01",
  }: { protocol: Protocol; passwordCost?: ScryptCost; effectiveDate?: string },
): Promise<Phase2DemoStudy> {
  const logins = phase2Logins();
  const hashes = await Promise.all(logins.map(() => hashPassword(demoPassword, passwordCost)));
  return store.transaction(systemActor, async (tx) => {
    const studyId = await created(tx, "study", {
      code: phase2DemoStudyCode,
      title: "Ciclo phase II: anti-estrogen with or without IFN-β and IL-2, randomized",
    });
    await created(tx, "protocolVersion", { studyId, number: 1, effectiveDate, document: protocol });
    const siteIds: Record<string, string> = {};
    for (const site of phase2Sites)
      siteIds[site.code] = await created(tx, "site", { studyId, ...site });
    const userIds: Record<string, string> = {};
    for (const [index, login] of logins.entries()) {
      const site = phase2Sites.find((each) => each.code === login.siteCode);
      const userId = await created(tx, "user", {
        username: login.username,
        displayName: `Demo ${login.role.replace("_", " ")}${site ? `, ${site.name}` : ", phase II"}`,
        passwordHash: hashes[index],
      });
      userIds[login.username] = userId;
      await created(tx, "roleAssignment", {
        userId,
        role: login.role,
        siteId: login.siteCode ? siteIds[login.siteCode] : null,
      });
    }
    return { studyId, siteIds, userIds, logins };
  });
}

/** Whether the phase II demo study is there already (a database made before it existed). */
export async function hasPhase2DemoStudy(store: Store): Promise<boolean> {
  return store.transaction(
    systemActor,
    async (tx) =>
      (await tx.records.list("study", { where: { code: phase2DemoStudyCode }, limit: 1 })).length >
      0,
  );
}

async function created(tx: Tx, entity: Parameters<Tx["records"]["create"]>[0], input: unknown) {
  const result = await tx.records.create(entity, input);
  if (!result.ok) throw new Error(`demo phase II ${entity}: ${result.problem.message}`);
  return result.value.id;
}
