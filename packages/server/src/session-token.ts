import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Session and CSRF tokens.
 *
 * - The browser holds a random 256-bit session token in an HttpOnly cookie.
 * - The database holds only its SHA-256 digest (the session id), so a copy of the database or of
 *   a backup cannot be replayed as a login.
 * - The CSRF token is derived from the session token. Another origin can neither read the cookie
 *   nor compute the token, and every state-changing request must echo it in `X-CSRF-Token`.
 */

/** A fresh session token for the cookie. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The id under which a session is stored: the SHA-256 digest of its token.
 *
 * @example
 * sessionIdOf(token).length; // => 64
 */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The CSRF token the client must send with every state-changing request of this session. */
export function csrfTokenOf(token: string): string {
  return createHash("sha256").update(`ciclo-csrf\u0000${token}`).digest("base64url");
}

/**
 * Compares a presented CSRF token with the session's, in constant time.
 *
 * @example
 * csrfTokenMatches(token, csrfTokenOf(token)); // => true
 */
export function csrfTokenMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
