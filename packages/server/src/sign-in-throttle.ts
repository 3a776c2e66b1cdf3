import { accountKey } from "@ciclo/store";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { AppDeps, AppEnv } from "./app-env";
import type { Answer } from "./endpoint";
import { verifyPassword } from "./password";
import type { Account } from "./session-port";

/**
 * Password checks with throttling (OWASP ASVS 2.2.1), for signing in and for signing records.
 *
 * Every attempt is counted before its password is checked, in one atomic statement per key, so
 * parallel attempts cannot slip past the limit and a burst that carries the right password
 * among wrong ones is refused once the limit is reached. Two keys are counted: the account name
 * (known or not, so an unknown name answers exactly like a known one) and the client's address
 * (one client trying many names). A lock always runs out; each lock of the same key lasts twice
 * the one before, and an administrator can lift an account's lock at once.
 */
export interface AttemptLimit {
  /** Attempts allowed before the key is locked. */
  maxAttempts: number;
  firstLockMs: number;
  longestLockMs: number;
  /** Attempts older than this no longer count (Infinity: they count until a right password). */
  forgetAfterMs: number;
}

export const accountLimit: AttemptLimit = {
  maxAttempts: 5,
  firstLockMs: 15 * 60_000,
  longestLockMs: 4 * 60 * 60_000,
  forgetAfterMs: Number.POSITIVE_INFINITY,
};

/** Higher than an account's: colleagues behind one hospital proxy share an address. */
export const clientLimit: AttemptLimit = {
  maxAttempts: 30,
  firstLockMs: 5 * 60_000,
  longestLockMs: 60 * 60_000,
  forgetAfterMs: 15 * 60_000,
};

const clientKey = (address: string) => `client:${address}`;

// Verifying against a fixed hash when the username is unknown makes both paths equally slow, so
// response time does not tell which usernames exist.
const unknownUserHash =
  "scrypt$32768$8$1$Y2ljbG8tbm8tc3VjaC11c2Vy$6mY0cHJvYmFibHktbm90LWEtdmFsaWQta2V5LWhlcmU=";

export type PasswordCheck =
  | { ok: true; account: Account }
  | { ok: false; answer: Extract<Answer, { response: Response }> };

/** How a wrong password is answered where it was typed (sign-in or signature). */
export type WrongPasswordAnswer = () => Extract<Answer, { response: Response }>;

/**
 * Checks a user's password under both limits. The right password of an active account clears
 * the account's count; anything else counts as a failure.
 */
export async function checkPassword(
  c: Context<AppEnv>,
  username: string,
  password: string,
  wrongPassword: WrongPasswordAnswer,
): Promise<PasswordCheck> {
  const deps = c.get("deps");
  const now = deps.clock();
  const keys = { account: accountKey(username), client: clientKey(clientAddress(c)) };
  const account = await countAttempt(deps, keys.account, accountLimit, now);
  const client = await countAttempt(deps, keys.client, clientLimit, now);
  const stored = await deps.sessions.findAccount(username);
  if (account.refused) return refused(deps, keys.account, accountLimit, now, account.lockedUntil);
  if (client.refused) return refused(deps, keys.client, clientLimit, now, client.lockedUntil);
  const passwordOk = await verifyPassword(password, stored?.passwordHash ?? unknownUserHash);
  if (passwordOk && stored?.active) {
    await deps.sessions.clearAttempts(keys.account);
    await deps.sessions.uncountAttempt(keys.client);
    return { ok: true, account: stored };
  }
  if (account.attempts >= accountLimit.maxAttempts) {
    return refused(deps, keys.account, accountLimit, now, null);
  }
  if (client.attempts >= clientLimit.maxAttempts) {
    return refused(deps, keys.client, clientLimit, now, null);
  }
  return { ok: false, answer: wrongPassword() };
}

async function countAttempt(deps: AppDeps, key: string, limit: AttemptLimit, now: Date) {
  const freshSince = Number.isFinite(limit.forgetAfterMs)
    ? new Date(now.getTime() - limit.forgetAfterMs)
    : new Date(0);
  const counted = await deps.sessions.countAttempt(key, now, freshSince);
  const locked = counted.lockedUntil !== null && counted.lockedUntil > now;
  return { ...counted, refused: locked || counted.attempts > limit.maxAttempts };
}

/** Locks the key (unless a parallel attempt already did) and answers with the lock's end. */
async function refused(
  deps: AppDeps,
  key: string,
  limit: AttemptLimit,
  now: Date,
  lockedUntil: Date | null,
): Promise<PasswordCheck> {
  const until =
    lockedUntil && lockedUntil > now
      ? lockedUntil
      : await deps.sessions.lock(key, now, limit.firstLockMs, limit.longestLockMs);
  const retryAfter = String(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)));
  const headers = { "retry-after": retryAfter };
  if (limit === accountLimit) {
    return {
      ok: false,
      answer: {
        response: Response.json(
          {
            code: "locked_out",
            message: `too many failed sign-ins: this account is locked until ${until.toISOString()} (UTC); try again then or ask an administrator`,
            retryAt: until,
          },
          { status: 423, headers },
        ),
      },
    };
  }
  return {
    ok: false,
    answer: {
      response: Response.json(
        {
          code: "too_many_attempts",
          message: `too many failed sign-ins from your address: wait until ${until.toISOString()} (UTC) before trying again`,
          retryAt: until,
        },
        { status: 429, headers },
      ),
    },
  };
}

/**
 * The address the request came from, as the socket reports it. Forwarded-for headers are not
 * trusted: any client can write them.
 */
function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // Not served by Node (tests call the app directly): one shared, unknown client.
    return "unknown";
  }
}

/** Lifts an account's lock and forgets its failed attempts (an administrator's act). */
export function unlockAccount(deps: AppDeps, username: string): Promise<void> {
  return deps.sessions.clearAttempts(accountKey(username));
}
