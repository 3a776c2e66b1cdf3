import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with scrypt (RFC 7914), the memory-hard function Node ships with.
 *
 * A stored hash carries its own parameters and salt, `scrypt$<N>$<r>$<p>$<salt>$<key>` (base64),
 * so the cost can be raised later without invalidating passwords already stored: each hash is
 * verified with the parameters it was made with.
 */

/** scrypt cost parameters; the defaults follow OWASP's 2023 guidance (N = 2^15, r = 8, p = 1). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const defaultScryptCost: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

const keyLength = 32;
const saltLength = 16;

/**
 * Hashes a password with a fresh random salt.
 *
 * @example
 * const stored = await hashPassword("correct horse");
 * await verifyPassword("correct horse", stored); // => true
 */
export async function hashPassword(
  password: string,
  cost: ScryptCost = defaultScryptCost,
): Promise<string> {
  const salt = randomBytes(saltLength);
  const key = await deriveKey(password, salt, cost, keyLength);
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64"), key.toString("base64")].join(
    "$",
  );
}

/**
 * Checks a password against a stored hash in constant time. A malformed stored hash verifies as
 * false (it can never match), so a corrupted row locks its user out instead of letting anyone in.
 *
 * @example
 * await verifyPassword("wrong", await hashPassword("right")); // => false
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (!parsed) return false;
  const key = await deriveKey(password, parsed.salt, parsed.cost, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

function parseStoredHash(
  stored: string,
): { cost: ScryptCost; salt: Buffer; key: Buffer } | undefined {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || key === undefined) return undefined;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((value) => Number.isInteger(value) && value > 0)) {
    return undefined;
  }
  const keyBytes = Buffer.from(key, "base64");
  return keyBytes.length > 0
    ? { cost, salt: Buffer.from(salt, "base64"), key: keyBytes }
    : undefined;
}

function deriveKey(
  password: string,
  salt: Buffer,
  { N, r, p }: ScryptCost,
  length: number,
): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is exactly too small for N = 2^15.
  const maxmem = 256 * N * r;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, length, { N, r, p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
