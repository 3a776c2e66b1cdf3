import type { Context, MiddlewareHandler } from "hono";
import type { ApiError } from "./api-error";
import type { AppDeps, AppEnv } from "./app-env";
import { type Action, type Actor, can, sitesWhere } from "./policy";

/**
 * Where a record lives, as a guard resolves it: its site (null when the record does not exist)
 * and how to name it in a message, e.g. `subject P-017`.
 */
export interface SiteOf {
  siteId: string | null;
  label: string;
}

/**
 * What an endpoint does, declared next to its route.
 *
 * - `public`: anyone (sign-in, the API document).
 * - `signed-in`: any signed-in user (her own profile, sign-out).
 * - `trial`: `action` on the trial as a whole (study, sites, users, roles).
 * - `site`: `action` on the site the record or subject belongs to, found by `site`.
 * - `sites`: a list, an import or an export; the answer is limited to the sites where `action` is
 *   allowed, and `narrow`, when the request names a subject or site, to that one site. With
 *   `someSite`, a user allowed on no site at all is refused (403) instead of getting nothing.
 */
export type Guard<I> =
  | { on: "public" }
  | { on: "signed-in" }
  | { on: "trial"; action: Action }
  | { on: "site"; action: Action; site: (input: I, deps: AppDeps) => Promise<SiteOf> }
  | {
      on: "sites";
      action: Action;
      narrow?: (input: I, deps: AppDeps) => Promise<SiteOf | undefined>;
      someSite?: boolean;
    };

/** What the guard grants a handler: the actor, and the sites it may touch for this action. */
export interface Grant {
  actor: Actor;
  sites: "all" | readonly string[];
}

/** The answer to a request that needs a session and carries none. */
export const unauthenticated = {
  status: 401,
  error: { code: "unauthenticated", message: "sign in first: POST /api/auth/login" },
} as const;

/**
 * Answers 401 to a caller without a session before the body is read or validated: an
 * anonymous caller learns nothing about an endpoint's schema and costs no parsing.
 */
export function requireSession(guard: Guard<unknown>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (guard.on !== "public" && !c.get("actor")) {
      return c.json(unauthenticated.error, unauthenticated.status);
    }
    await next();
  };
}

const anonymous: Actor = { userId: "", username: "", displayName: "", roles: [] };

/**
 * The one authorization check of the API, run by `registerEndpoint` after validation and before
 * the handler.
 *
 * Consistent answers:
 * - 401 without a valid session;
 * - 404 for a record of a site where the actor may not read, worded exactly as for a record
 *   that does not exist, so its existence does not leak;
 * - 403 when the actor may read the record (or the trial) but not perform the action.
 */
export async function authorize<I>(
  c: Context<AppEnv>,
  guard: Guard<I>,
  input: I,
): Promise<{ grant: Grant } | { error: ApiError; status: number }> {
  if (guard.on === "public") return { grant: { actor: c.get("actor") ?? anonymous, sites: [] } };
  const actor = c.get("actor");
  if (!actor) return unauthenticated;
  const deps = c.get("deps");
  switch (guard.on) {
    case "signed-in":
      return { grant: { actor, sites: sitesWhere(actor, "read") } };
    case "trial":
      return can(actor, guard.action, { kind: "trial" })
        ? { grant: { actor, sites: [] } }
        : forbidden(guard.action, "the trial");
    case "site":
      return authorizeSite(actor, guard.action, await guard.site(input, deps));
    case "sites": {
      const narrowed = guard.narrow ? await guard.narrow(input, deps) : undefined;
      if (narrowed) return authorizeSite(actor, guard.action, narrowed);
      const sites = sitesWhere(actor, guard.action);
      if (guard.someSite && sites.length === 0) return forbidden(guard.action, "any site");
      return { grant: { actor, sites } };
    }
  }
}

function authorizeSite(
  actor: Actor,
  action: Action,
  site: SiteOf,
): { grant: Grant } | { error: ApiError; status: number } {
  // The same words whether the record is missing or hidden, so that its existence does not leak.
  if (site.siteId === null || !can(actor, "read", { kind: "site", siteId: site.siteId })) {
    return { status: 404, error: { code: "not_found", message: `${site.label} not found` } };
  }
  if (!can(actor, action, { kind: "site", siteId: site.siteId })) {
    return forbidden(action, `site ${site.siteId}`);
  }
  return { grant: { actor, sites: [site.siteId] } };
}

const actionWords: Record<Action, string> = {
  read: "read data",
  write: "enter or change clinical data",
  "query.raise": "raise queries",
  "query.answer": "answer queries",
  "query.close": "close queries",
  sign: "sign records",
  unlock: "remove signatures",
  "audit.read": "read the audit trail",
  export: "export data",
  manage: "manage sites, users and roles",
  randomize: "randomize subjects",
  "allocations.read": "read the allocation list (only the randomization manager may)",
  "allocations.correct": "correct an allocation (only the randomization manager may)",
  "stage-gate.decide": "record the stage gate's decision (only a statistician may)",
};

function forbidden(action: Action, where: string): { error: ApiError; status: number } {
  return {
    status: 403,
    error: {
      code: "forbidden",
      message: `your roles do not allow you to ${actionWords[action]} on ${where}; ask an administrator for a role that does`,
    },
  };
}
