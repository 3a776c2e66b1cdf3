import { readFileSync } from "node:fs";
import type { Store } from "@ciclo/store";
import { type Protocol, parseProtocol } from "@ciclo/trial";
import {
  type DemoLogin,
  type DemoStudy,
  phase2DemoStudyCode,
  seedStudyWithLogins,
  siteLogins,
} from "./demo-study";
import { defaultScryptCost, type ScryptCost } from "./password";

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
  return [
    { username: "randomization-manager", role: "randomization_manager", siteCode: null },
    ...siteLogins(phase2Sites),
  ];
}

/** What seeding the phase II created, found by name as the pilot's. */
export type Phase2DemoStudy = DemoStudy;

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
export function seedPhase2DemoStudy(
  store: Store,
  {
    protocol,
    passwordCost = defaultScryptCost,
    effectiveDate = "2026-01-01",
  }: { protocol: Protocol; passwordCost?: ScryptCost; effectiveDate?: string },
): Promise<Phase2DemoStudy> {
  return seedStudyWithLogins(store, {
    code: phase2DemoStudyCode,
    title: "Ciclo phase II: anti-estrogen with or without IFN-β and IL-2, randomized",
    protocol,
    effectiveDate,
    sites: phase2Sites,
    logins: phase2Logins(),
    passwordCost,
    studyWidePlace: "phase II",
  });
}
