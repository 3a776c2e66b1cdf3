/**
 * Whether an error means the database cannot be reached just now (PostgreSQL dropped or refused
 * the connection), rather than that the request or the code is wrong. The pool reconnects on the
 * next request, so the answer is 503 and the client may try again.
 *
 * Recognized: SQLSTATE class 08 (connection exception), 57P01–57P03 (administrator, crash or
 * startup shutdown), 53300 (too many connections), the socket errors of a refused or cut
 * connection, and node-postgres's own words for a connection that ended.
 *
 * @example
 * isDatabaseUnavailable({ code: "57P01", message: "terminating connection due to administrator command" }); // => true
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === "string") {
    if (/^08|^57P0[123]$|^53300$/.test(code) || socketFailures.has(code)) return true;
  }
  return typeof message === "string" && connectionEnded.test(message);
}

const socketFailures = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EAI_AGAIN"]);
const connectionEnded =
  /Connection terminated|Client has encountered a connection error|not queryable|Client was closed/;

/** The answer while the database is unreachable. */
export const databaseUnavailable = {
  code: "database_unavailable",
  message: "the database cannot be reached just now; try again in a few seconds",
} as const;
