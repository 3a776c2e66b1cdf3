/**
 * Who may do what, in one table. Every route declares the action it performs and on which
 * resource; the `authorize` middleware asks `can` and nothing else decides access.
 *
 * | role          | scope        | clinical read | clinical write | queries               | sign | unlock | audit | export | manage |
 * | ------------- | ------------ | ------------- | -------------- | --------------------- | ---- | ------ | ----- | ------ | ------ |
 * | investigator  | own sites    | yes           | yes            | answer                | yes  | no     | yes   | yes    | no     |
 * | coordinator   | own sites    | yes           | yes            | answer                | no   | no     | yes   | yes    | no     |
 * | data manager  | own sites    | yes           | no             | raise, answer, close  | yes  | yes    | yes   | yes    | no     |
 * | monitor       | own sites    | yes           | no             | raise, close          | no   | no     | yes   | no     | no     |
 * | statistician  | all sites    | pseudonymized | no             | no                    | no   | no     | no    | yes    | no     |
 * | admin         | the trial    | no            | no             | no                    | no   | no     | no    | no     | yes    |
 * | randomization manager | the trial | no        | no             | no                    | no   | no     | no    | no     | no     |
 *
 * Randomization (the phase II): investigators and coordinators randomize the subjects of their
 * own sites and see each allocation once it is made, on the subject. Only the randomization
 * manager, a trial-wide role with no access to clinical data, reads the allocation list (for
 * the final analysis) and records corrections; no site role and not the statistician can read
 * it, so the next allocation stays concealed. The statistician records the stage gate's
 * decision.
 *
 * - Monitors raise and close queries, as in OpenClinica and REDCap, but never change clinical data.
 * - An admin manages sites, users, role assignments and protocol versions and sees no clinical
 *   data unless she also holds a site role (separation of duties).
 * - Statistician, admin and randomization manager are trial-wide roles: the site of such an
 *   assignment is ignored.
 * - Every signed-in user may read the trial itself: the study, its protocol versions and sites.
 * - Clinical write covers create, change, delete and CSV import of subjects and their records.
 * - Unlock means removing a signature (with a reason), which unlocks the signed record.
 * - A statistician reads records without free text and without the names of the people who
 *   queried or signed them: the fields each entity declares identifying (see `pseudonymize`).
 */

import { type EntityName, identifyingFields, type Role, studyWideRoles } from "@ciclo/store";

export type { Role };

/** What a request does. */
export type Action =
  | "read"
  | "write"
  | "query.raise"
  | "query.answer"
  | "query.close"
  | "sign"
  | "unlock"
  | "audit.read"
  | "export"
  | "manage"
  | "randomize"
  | "allocations.read"
  | "allocations.correct"
  | "stage-gate.decide";

/** The signed-in user with her role assignments; `siteId` is null for a trial-wide assignment. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: readonly { role: Role; siteId: string | null }[];
}

/** What an action applies to: data of one site, or the trial as a whole (study, sites, users). */
export type Resource = { kind: "site"; siteId: string } | { kind: "trial" };

const siteGrants: Record<Role, readonly Action[]> = {
  investigator: ["read", "write", "randomize", "query.answer", "sign", "audit.read", "export"],
  coordinator: ["read", "write", "randomize", "query.answer", "audit.read", "export"],
  data_manager: [
    "read",
    "query.raise",
    "query.answer",
    "query.close",
    "sign",
    "unlock",
    "audit.read",
    "export",
  ],
  monitor: ["read", "query.raise", "query.close", "audit.read"],
  statistician: ["read", "export"],
  admin: [],
  randomization_manager: [],
};

/** What a role may do on the trial as a whole (every signed-in user reads it). */
const trialGrants: Partial<Record<Role, readonly Action[]>> = {
  admin: ["manage"],
  randomization_manager: ["allocations.read", "allocations.correct"],
  statistician: ["stage-gate.decide"],
};

const trialWideRoles: ReadonlySet<Role> = new Set(studyWideRoles);

/**
 * Decides whether `actor` may perform `action` on `resource`.
 *
 * @example
 * const monitor = { userId: "u1", username: "m", displayName: "M", roles: [{ role: "monitor", siteId: "pisa" }] };
 * can(monitor, "read", { kind: "site", siteId: "pisa" });  // => true
 * can(monitor, "write", { kind: "site", siteId: "pisa" }); // => false
 * can(monitor, "read", { kind: "site", siteId: "siena" }); // => false
 */
export function can(actor: Actor, action: Action, resource: Resource): boolean {
  if (resource.kind === "trial") {
    if (action === "read") return true;
    return actor.roles.some((assignment) => (trialGrants[assignment.role] ?? []).includes(action));
  }
  return actor.roles.some(
    (assignment) =>
      (trialWideRoles.has(assignment.role) || assignment.siteId === resource.siteId) &&
      siteGrants[assignment.role].includes(action),
  );
}

/**
 * The sites on which `actor` may perform `action`: `"all"` for a trial-wide grant, otherwise the
 * list of site ids. List endpoints filter by it, so a list never shows a row `can` would refuse.
 *
 * @example
 * sitesWhere(monitor, "read"); // => ["pisa"]
 */
export function sitesWhere(actor: Actor, action: Action): "all" | string[] {
  const sites = new Set<string>();
  for (const assignment of actor.roles) {
    if (!siteGrants[assignment.role].includes(action)) continue;
    if (trialWideRoles.has(assignment.role)) return "all";
    if (assignment.siteId !== null) sites.add(assignment.siteId);
  }
  return [...sites];
}

/**
 * Whether `actor` reads data pseudonymized: she holds a role that reads every site's data
 * without being responsible for any (in the table above, the statistician). Such a user reads
 * pseudonymized data everywhere, even if she also holds a site role; site work takes a second
 * account.
 *
 * @example
 * readsPseudonymized(statistician); // => true
 * readsPseudonymized(investigatorAtPisa); // => false
 */
export function readsPseudonymized(actor: Actor): boolean {
  return actor.roles.some(
    (assignment) =>
      trialWideRoles.has(assignment.role) &&
      siteGrants[assignment.role].includes("read") &&
      !siteGrants[assignment.role].includes("audit.read"),
  );
}

/**
 * A record of `entity` as a pseudonymized reader sees it: the fields the entity registry
 * declares identifying (free text, who recorded it) are null.
 *
 * @example
 * pseudonymize("visit", { id: "v1", kind: "control", notes: "seen by Dr Rossi" });
 * // => { id: "v1", kind: "control", notes: null }
 */
export function pseudonymize<T extends Record<string, unknown>>(entity: EntityName, record: T): T {
  const copy: Record<string, unknown> = { ...record };
  for (const field of identifyingFields(entity)) if (field in copy) copy[field] = null;
  return copy as T;
}
