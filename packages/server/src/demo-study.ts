import { type Role, type Store, systemActor, type Tx } from "@ciclo/store";
import type { Protocol } from "@ciclo/trial";
import { defaultScryptCost, hashPassword, type ScryptCost } from "./password";

/** The sites of the demo trial: the Tuscan centres of the planned multicentre phase II. */
export const demoSites = [
  { code: "PI", name: "Pisa" },
  { code: "FI", name: "Firenze" },
  { code: "SI", name: "Siena" },
] as const;

/** The code of the demo study; the demo password works only while it is the only study. */
export const demoStudyCode = "CICLO-DEMO";

/** The code of the randomized phase II's demo study, seeded beside the pilot's. */
export const phase2DemoStudyCode = "CICLO-PHASE2";

/** The demo password works only while the database holds these studies alone. */
export const demoStudyCodes: readonly string[] = [demoStudyCode, phase2DemoStudyCode];

/** The password of every demo user; printed by `ciclo serve`. */
export const demoPassword = "ciclo-demo";

const siteRoles: readonly Role[] = ["investigator", "coordinator", "data_manager", "monitor"];

/** One demo login: a username, her role, and her site (null for a trial-wide role). */
export interface DemoLogin {
  username: string;
  role: Role;
  siteCode: string | null;
}

/** What the seeding created, so callers (and tests) can find it by name. */
export interface DemoStudy {
  studyId: string;
  /** Site id by site code (PI, FI, SI). */
  siteIds: Record<string, string>;
  /** User id by username. */
  userIds: Record<string, string>;
  logins: DemoLogin[];
}

/** A demo site: its code and its name. */
export interface DemoSite {
  code: string;
  name: string;
}

/** Each site role at each site, named after it (`monitor.siena`). */
export function siteLogins(sites: readonly DemoSite[]): DemoLogin[] {
  return sites.flatMap((site) =>
    siteRoles.map((role) => ({
      username: `${role.replace("_", "-")}.${site.name.toLowerCase()}`,
      role,
      siteCode: site.code,
    })),
  );
}

/** The demo logins: each site role at each site, plus admin and statistician. */
export function demoLogins(): DemoLogin[] {
  return [
    { username: "admin", role: "admin", siteCode: null },
    { username: "statistician", role: "statistician", siteCode: null },
    ...siteLogins(demoSites),
  ];
}

export interface DemoStudyOptions {
  /** The protocol document of version 1: the trial engine's seed protocol. */
  protocol: Protocol;
  /** scrypt cost of the demo passwords; tests lower it to stay fast. */
  passwordCost?: ScryptCost;
  /** The date protocol version 1 takes effect. */
  effectiveDate?: string;
}

/**
 * Creates the demo trial in an empty store, in one audited transaction: the study with protocol
 * version 1, three sites (Pisa, Firenze, Siena) and a user of every role, all with the password
 * `demoPassword`. A simulated cohort can be imported into it afterwards.
 *
 * @example
 * const demo = await seedDemoStudy(store, { protocol: seedProtocol });
 * demo.logins.length; // => 14
 */
export async function seedDemoStudy(
  store: Store,
  { protocol, passwordCost = defaultScryptCost, effectiveDate = "2024-01-01" }: DemoStudyOptions,
): Promise<DemoStudy> {
  return seedStudyWithLogins(store, {
    code: demoStudyCode,
    title: "Ciclo demo: anti-estrogen with IFN-β and IL-2 cycles vs anti-estrogen alone",
    protocol,
    effectiveDate,
    sites: demoSites,
    logins: demoLogins(),
    passwordCost,
  });
}

/** A demo study to create: its identity, protocol version 1, sites and logins. */
export interface DemoStudySpec {
  code: string;
  title: string;
  protocol: Protocol;
  effectiveDate: string;
  sites: readonly DemoSite[];
  logins: DemoLogin[];
  passwordCost: ScryptCost;
  /** Said after a study-wide login's role in her display name, e.g. "phase II". */
  studyWidePlace?: string;
}

/**
 * Creates a demo study in one audited transaction: the study with its protocol as version 1, its
 * sites and a user for each login, all with the password `demoPassword`.
 */
export async function seedStudyWithLogins(store: Store, spec: DemoStudySpec): Promise<DemoStudy> {
  const { logins, sites } = spec;
  // Hashing is slow by design; do it before the transaction holds its locks.
  const hashes = await Promise.all(logins.map(() => hashPassword(demoPassword, spec.passwordCost)));
  return store.transaction(systemActor, async (tx) => {
    const studyId = await created(tx, "study", { code: spec.code, title: spec.title });
    await created(tx, "protocolVersion", {
      studyId,
      number: 1,
      effectiveDate: spec.effectiveDate,
      document: spec.protocol,
    });
    const siteIds: Record<string, string> = {};
    for (const site of sites) {
      siteIds[site.code] = await created(tx, "site", { studyId, ...site });
    }
    const userIds: Record<string, string> = {};
    for (const [index, login] of logins.entries()) {
      const userId = await created(tx, "user", {
        username: login.username,
        displayName: displayNameOf(login, sites, spec.studyWidePlace),
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

/** Whether the store holds no study and no user yet (a fresh database). */
export async function isEmptyStore(store: Store): Promise<boolean> {
  return store.transaction(
    systemActor,
    async (tx) =>
      (await tx.records.list("study", { limit: 1 })).length === 0 &&
      (await tx.records.list("user", { limit: 1 })).length === 0,
  );
}

async function created(
  tx: Tx,
  entity: Parameters<Tx["records"]["create"]>[0],
  input: unknown,
): Promise<string> {
  const result = await tx.records.create(entity, input);
  // The demo data are fixed; a problem here is a bug in this file, not a user's mistake.
  if (!result.ok) throw new Error(`demo ${entity}: ${result.problem.message}`);
  return result.value.id;
}

function displayNameOf(login: DemoLogin, sites: readonly DemoSite[], studyWidePlace?: string) {
  const role = login.role.replace("_", " ");
  const place = sites.find((each) => each.code === login.siteCode)?.name ?? studyWidePlace;
  return place ? `Demo ${role}, ${place}` : `Demo ${role}`;
}
