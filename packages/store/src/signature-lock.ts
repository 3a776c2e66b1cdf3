/** The signature that locks a record, as a refusal names it. */
export interface LockingSignature {
  entity: string;
  recordId: string;
  signerName: string;
  signedAt: string;
}

/**
 * How a refused write names the signature that locks its record: the same words for the API
 * and for the CSV import.
 *
 * @example
 * lockedBy("this visit", { entity: "subject", recordId: "s1", signerName: "dm.pisa", signedAt: "2024-05-02T10:00:00.000Z" });
 * // => "this visit is locked by the signature of dm.pisa on subject at 2024-05-02T10:00:00.000Z; ask a data manager to unlock it"
 */
export function lockedBy(what: string, signature: LockingSignature): string {
  return `${what} is locked by the signature of ${signature.signerName} on ${signature.entity} at ${signature.signedAt}; ask a data manager to unlock it`;
}
