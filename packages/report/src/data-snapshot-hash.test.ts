import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalChunks, dataSnapshotHash } from "./data-snapshot-hash";

/**
 * SHA-256 of the chunk digests, recomputed with Node's own SHA-256 (kinds in sorted order),
 * each chunk digested as it comes: the records' chunks share one buffer.
 */
function expectedHash(records: Record<string, readonly unknown[]>): string {
  const digests: Buffer[] = [];
  for (const kind of Object.keys(records).sort())
    for (const chunk of canonicalChunks(kind, records[kind]))
      digests.push(createHash("sha256").update(chunk).digest());
  return createHash("sha256").update(Buffer.concat(digests)).digest("hex");
}

/** Every chunk of a kind, each copied as it comes. */
const copiedChunks = (kind: string, rows: readonly unknown[]) =>
  Array.from(canonicalChunks(kind, rows), (chunk) => chunk.slice());

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const copy = [...list];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** The same record with its keys inserted in reverse order. */
function keysReversed(record: object): object {
  return Object.fromEntries(Object.entries(record).reverse());
}

describe("canonicalChunks", () => {
  it("writes the header, each key's dictionary, then the records' tags and float64 values", () => {
    const [header, ...rest] = canonicalChunks("subjects", [
      { subjectId: "PI-001", arm: "treated", lesions: [{ z: 1, a: 2 }], dose: 2.5, flag: true },
    ]);
    expect(text(header)).toBe('["subjects",1,["arm","dose","flag","lesions","subjectId"]]');
    expect(rest.slice(0, 5).map(text)).toEqual([
      '[["treated"],[]]',
      "[[],[]]",
      "[[],[]]",
      '[[],["[{\\"a\\":2,\\"z\\":1}]"]]',
      '[["PI-001"],[]]',
    ]);
    // Tags string, number, true, object, string (5 bytes, padded to 8), then one float64 per
    // key: the string's and the object's place in their dictionaries (0) and the number.
    const expected = new Uint8Array(8 + 5 * 8);
    expected.set([1, 2, 3, 7, 1]);
    new Float64Array(expected.buffer, 8).set([0, 2.5, 0, 0, 0]);
    expect(rest[5]).toEqual(expected);
    expect(rest).toHaveLength(6);
  });

  it("numbers strings by their place in the sorted dictionary and sorts records by content", () => {
    const rows = [
      { subjectId: "PI-002", arm: "control" },
      { subjectId: "PI-001", arm: "treated" },
      { arm: "treated", subjectId: "PI-001", extra: undefined },
    ];
    const chunks = [...canonicalChunks("subjects", rows)];
    expect(chunks.map(text).slice(0, 3)).toEqual([
      '["subjects",3,["arm","subjectId"]]',
      '[["control","treated"],[]]',
      '[["PI-001","PI-002"],[]]',
    ]);
    // By subject: PI-001's two (identical) records first, then PI-002's.
    const values = new Float64Array(chunks[3].buffer, 8);
    expect([...values]).toEqual([1, 1, 0, 0, 0, 1]);
    const reversed = rows.map((row) => Object.fromEntries(Object.entries(row).reverse()));
    expect([...canonicalChunks("subjects", reversed.reverse())]).toEqual(chunks);
  });

  it("gives an empty kind its header only and splits 20,001 records into two chunks", () => {
    expect([...canonicalChunks("progressions", [])].map(text)).toEqual(['["progressions",0,[]]']);
    const many = Array.from({ length: 20_001 }, (_, i) => ({ n: i }));
    const chunks = [...canonicalChunks("many", many)];
    expect(chunks.map((chunk) => chunk.length)).toEqual([
      text(chunks[0]).length,
      "[[],[]]".length,
      20_000 + 20_000 * 8,
      8 + 8,
    ]);
  });

  it("writes every chunk whole though they share a buffer: all values once, tags, zero padding", () => {
    // Three keys: 60,000 tag bytes in a full chunk, 3 and 5 of padding in the last one.
    const many = Array.from({ length: 20_001 }, (_, i) => ({ a: i, b: -i, c: true }));
    const [, , , , full, last] = copiedChunks("many", many);
    // Tags column by column: a and b numbers (2), c true (3).
    const tagsOf = (chunk: Uint8Array, column: number) => [
      ...new Set(chunk.subarray(column * 20_000, (column + 1) * 20_000)),
    ];
    expect([0, 1, 2].map((column) => tagsOf(full, column))).toEqual([[2], [2], [3]]);
    expect([...last.subarray(0, 8)]).toEqual([2, 2, 3, 0, 0, 0, 0, 0]);
    const values = (chunk: Uint8Array, size: number) =>
      new Float64Array(chunk.buffer, chunk.byteOffset + Math.ceil((3 * size) / 8) * 8, 3 * size);
    const a = [...values(full, 20_000).subarray(0, 20_000), values(last, 1)[0]];
    expect(a.sort((x, y) => x - y)).toEqual(many.map((row) => row.a));
  });

  it("refuses a record that is not an object", () => {
    expect(() => [...canonicalChunks("subjects", [{ subjectId: "PI-001" }, "PI-002"])]).toThrow(
      "subjects[1] is not a record",
    );
  });
});

describe("dataSnapshotHash", () => {
  const records = {
    subjects: [
      { subjectId: "PI-002", arm: "control" },
      { arm: "treated", subjectId: "PI-001", lesions: [{ z: 1, a: 2 }] },
    ],
    followUps: [{ subjectId: "PI-001", contactDate: "1999-01-01", vitalStatus: "alive" }],
  };

  it("is SHA-256 of the per-kind chunk digests, whatever order the rows and keys come in", async () => {
    const hash = await dataSnapshotHash(records);
    expect(hash).toBe(expectedHash(records));
    const reordered = {
      followUps: records.followUps.map(keysReversed),
      subjects: [...records.subjects].reverse().map(keysReversed),
    };
    expect(await dataSnapshotHash(reordered)).toBe(hash);
  });

  it("changes when one value changes, a record is repeated, or a value moves between records", async () => {
    const hash = await dataSnapshotHash(records);
    const variants: Record<string, readonly unknown[]>[] = [
      { ...records, subjects: [{ subjectId: "PI-002", arm: "treated" }, records.subjects[1]] },
      { ...records, subjects: [...records.subjects, records.subjects[0]] },
      { ...records, followUps: [{ ...records.followUps[0], deathDate: null }] },
      { ...records, followUps: [{ ...records.followUps[0], contactDate: 1999 }] },
      { subjects: records.subjects, responses: records.followUps },
    ];
    for (const variant of variants) expect(await dataSnapshotHash(variant)).not.toBe(hash);
    const crossed = {
      kind: [
        { x: 1, y: 2 },
        { x: 2, y: 1 },
      ],
    };
    const paired = {
      kind: [
        { x: 1, y: 1 },
        { x: 2, y: 2 },
      ],
    };
    expect(await dataSnapshotHash(crossed)).not.toBe(await dataSnapshotHash(paired));
  });

  it("digests many chunks in flight over one reused buffer and still hashes each as written", async () => {
    const labResults = Array.from({ length: 130_000 }, (_, i) => ({
      subjectId: `PI-${String(i % 7).padStart(3, "0")}`,
      analyte: ["CEA", "TPA", "CA15_3"][i % 3],
      value: i / 10,
    }));
    expect(await dataSnapshotHash({ labResults })).toBe(expectedHash({ labResults }));
  });

  it("takes values as JSON does: -0 is 0, NaN is null, a date its text, undefined absent", async () => {
    expect(
      await dataSnapshotHash({
        kind: [{ x: -0, y: undefined, z: Number.NaN, on: new Date("1993-03-08T08:00:00Z") }],
      }),
    ).toBe(await dataSnapshotHash({ kind: [{ x: 0, z: null, on: "1993-03-08T08:00:00.000Z" }] }));
    const counted = { toJSON: () => 7 };
    expect(await dataSnapshotHash({ kind: [{ n: counted, m: { toJSON: () => undefined } }] })).toBe(
      await dataSnapshotHash({ kind: [{ n: 7 }] }),
    );
  });

  it("on random records: any row order gives the same hash, any changed value another", async () => {
    const row = fc.record(
      {
        subjectId: fc.constantFrom("PI-001", "PI-002", "FI-001"),
        analyte: fc.constantFrom("CEA", "CA15_3", "TPA"),
        value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null)),
        cycle: fc.integer({ min: 1, max: 4 }),
      },
      { requiredKeys: ["subjectId", "analyte"] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 40 }),
        fc.nat(),
        async (rows, seed) => {
          const hash = await dataSnapshotHash({ labResults: rows });
          expect(await dataSnapshotHash({ labResults: shuffled(rows, seed) })).toBe(hash);
          const at = seed % rows.length;
          const changed = rows.map((r, i) => (i === at ? { ...r, analyte: `${r.analyte}+` } : r));
          expect(await dataSnapshotHash({ labResults: changed })).not.toBe(hash);
        },
      ),
      { numRuns: 100 },
    );
  });
});
