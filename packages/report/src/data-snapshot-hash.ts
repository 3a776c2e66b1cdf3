/**
 * SHA-256 (hex) of the records an analysis used, in canonical form: object keys sorted, each
 * record kind's records sorted by their canonical text, kinds sorted by name. Two stores holding
 * the same records give the same hash whatever order they return rows in. Uses Web Crypto, which
 * both Node 20 and browsers provide.
 *
 * @example
 * await dataSnapshotHash({ subjects: [{ subjectId: "PI-001", arm: "treated" }] }); // => "3b…"
 */
export async function dataSnapshotHash(
  records: Record<string, readonly unknown[]>,
): Promise<string> {
  const text = canonicalRecords(records);
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The canonical text the snapshot hash is taken of. */
export function canonicalRecords(records: Record<string, readonly unknown[]>): string {
  const kinds = Object.keys(records).sort();
  return kinds
    .map((kind) => {
      const lines = records[kind].map(canonicalJson).sort();
      return `${JSON.stringify(kind)}:[${lines.join(",")}]`;
    })
    .join("\n");
}

/** JSON with object keys sorted at every level; undefined members dropped as JSON does. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
