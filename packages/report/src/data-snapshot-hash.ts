/** Records per digested chunk: keeps every string far below V8's length limit at any cohort size. */
const chunkLines = 20_000;

/**
 * SHA-256 (hex) of the records an analysis used, in canonical form, so that two stores holding
 * the same records give the same hash whatever order they return rows in:
 * - each record is JSON with its keys in sorted order (nested objects too);
 * - each kind's records are sorted by that text, kinds by name;
 * - each kind is digested in chunks of 20,000 records, the chunk text being the kind's name in
 *   JSON, a newline and the records joined by newlines; the hash is SHA-256 of the chunk
 *   digests concatenated in order.
 * Uses Web Crypto, which both Node 20 and browsers provide.
 *
 * Complexity: O(N log N) for the sort of N records, then linear.
 *
 * @example
 * await dataSnapshotHash({ subjects: [{ subjectId: "PI-001", arm: "treated" }] }); // => "3b…" (64 hex digits)
 */
export async function dataSnapshotHash(
  records: Record<string, readonly unknown[]>,
): Promise<string> {
  const digests: Uint8Array<ArrayBuffer>[] = [];
  for (const kind of Object.keys(records).sort()) {
    const lines = canonicalLines(records[kind]);
    for (let from = 0; from === 0 || from < lines.length; from += chunkLines) {
      const chunk = lines.slice(from, from + chunkLines).join("\n");
      digests.push(await sha256(`${JSON.stringify(kind)}\n${chunk}`));
    }
  }
  const joined = new Uint8Array(digests.length * 32);
  for (const [i, digest] of digests.entries()) joined.set(digest, i * 32);
  return Array.from(await sha256(joined), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The canonical text of each record of one kind, sorted: JSON with keys in sorted order (the
 * sorted union of every key at any depth, given to JSON.stringify as its key list).
 *
 * @example
 * canonicalLines([{ b: 1, a: 2 }]); // => ['{"a":2,"b":1}']
 */
export function canonicalLines(records: readonly unknown[]): string[] {
  const keys = new Set<string>();
  for (const record of records) collectKeys(record, keys);
  const order = [...keys].sort();
  return records.map((record) => JSON.stringify(reordered(record, order)) ?? "null").sort();
}

/**
 * A copy of a value with object keys inserted in `order` at every depth, so that JSON.stringify
 * (which keeps insertion order) writes them sorted. Copies built in one order share one shape,
 * which keeps JSON.stringify on its fast path.
 */
function reordered(value: unknown, order: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => reordered(item, order));
  if (value === null || typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of order) {
    const member = source[key];
    if (member !== undefined)
      copy[key] = typeof member === "object" ? reordered(member, order) : member;
  }
  return copy;
}

function collectKeys(value: unknown, keys: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) collectKeys(item, keys);
  else if (value !== null && typeof value === "object")
    for (const [key, member] of Object.entries(value)) {
      keys.add(key);
      if (member !== null && typeof member === "object") collectKeys(member, keys);
    }
}

async function sha256(data: string | Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes));
}
