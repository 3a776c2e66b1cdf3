import type { Store } from "@ciclo/store";
import type { analysisInputCache } from "./analysis-cache";
import type { Actor } from "./policy";
import type { SessionPort } from "./session-port";

/** What every request handler may use: the store and the clock, handed in by `createApp`. */
export interface AppDeps {
  store: Store;
  /** Accounts and sessions, adapted from the store. */
  sessions: SessionPort;
  /** The analyses' input, each study's records kept until the next write. */
  analysisInputs: ReturnType<typeof analysisInputCache>;
  /** The current instant; tests pass a fixed or advancing clock. */
  clock: () => Date;
  /** Where bugs are reported; defaults to console.error. */
  logError: (message: string, error: unknown) => void;
}

/** The signed-in session of a request. */
export interface SessionInfo {
  /** The token from the cookie; the CSRF token derives from it. */
  token: string;
  /** Sliding expiry after this request, in UTC. */
  expiresAt: Date;
}

/** Hono's typed context: the variables the middleware sets for the handlers. */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    /** The signed-in user, or null when the request carries no valid session. */
    actor: Actor | null;
    session: SessionInfo | null;
  };
}
