import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalChunks, dataSnapshotHash } from "./data-snapshot-hash";

/** SHA-256 of the chunk digests, recomputed with Node's own SHA-256 (kinds in sorted order). */
function expectedHash(records: Record<string, readonly unknown[]>): string {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  const digests = Object.keys(records)
    .sort()
    .flatMap((kind) => [...canonicalChunks(kind, records[kind])].map(digest));
  return createHash("sha256").update(Buffer.concat(digests)).digest("hex");
}

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
  it("writes one line per sorted key: where it is absent, then the values as JSON, nested keys sorted", () => {
    const [chunk] = canonicalChunks("subjects", [
      { subjectId: "PI-001", arm: "treated", lesions: [{ z: 1, a: 2 }], gone: undefined },
    ]);
    expect(chunk).toBe(
      '"subjects"\n"arm"\t[]\t["treated"]\n"lesions"\t[]\t[[{"a":2,"z":1}]]\n"subjectId"\t[]\t["PI-001"]\n',
    );
  });

  it("puts a record lacking a key in the key's absent positions, in either content order", () => {
    const [chunk] = canonicalChunks("subjects", [
      { subjectId: "PI-002", arm: "control" },
      { arm: "treated" },
    ]);
    // The order comes from the records' 64-bit content keys, so it is one of the two.
    expect([
      '"subjects"\n"arm"\t[]\t["control","treated"]\n"subjectId"\t[1]\t["PI-002"]\n',
      '"subjects"\n"arm"\t[]\t["treated","control"]\n"subjectId"\t[0]\t["PI-002"]\n',
    ]).toContain(chunk);
  });

  it("gives an empty kind one chunk and splits 20,001 records into two", () => {
    expect([...canonicalChunks("progressions", [])]).toEqual(['"progressions"\n']);
    const many = Array.from({ length: 20_001 }, (_, i) => ({ n: i }));
    const chunks = [...canonicalChunks("many", many)];
    expect(chunks).toHaveLength(2);
    expect(chunks[1]).toMatch(/^"many"\n"n"\t\[\]\t\[\d+\]\n$/);
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

  it("writes values as JSON does: -0 is 0, a key holding undefined is absent", async () => {
    expect(await dataSnapshotHash({ kind: [{ x: -0, y: undefined }] })).toBe(
      await dataSnapshotHash({ kind: [{ x: 0 }] }),
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
