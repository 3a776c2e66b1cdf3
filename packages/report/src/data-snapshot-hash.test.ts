import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalLines, dataSnapshotHash } from "./data-snapshot-hash";

describe("dataSnapshotHash", () => {
  const records = {
    subjects: [
      { subjectId: "PI-002", arm: "control" },
      { arm: "treated", subjectId: "PI-001", lesions: [{ z: 1, a: 2 }] },
    ],
    followUps: [{ subjectId: "PI-001", contactDate: "1999-01-01", vitalStatus: "alive" }],
  };

  it("writes each record with sorted keys, nested ones too, and sorts the records", () => {
    expect(canonicalLines(records.subjects)).toEqual([
      '{"arm":"control","subjectId":"PI-002"}',
      '{"arm":"treated","lesions":[{"a":2,"z":1}],"subjectId":"PI-001"}',
    ]);
  });

  it("is SHA-256 of the per-kind chunk digests, whatever order the rows come in", async () => {
    // Recomputed with Node's own SHA-256: one chunk per kind here, kinds in sorted order.
    const digest = (text: string | Buffer) => createHash("sha256").update(text).digest();
    const expected = createHash("sha256")
      .update(
        Buffer.concat([
          digest(`"followUps"\n${canonicalLines(records.followUps).join("\n")}`),
          digest(`"subjects"\n${canonicalLines(records.subjects).join("\n")}`),
        ]),
      )
      .digest("hex");
    const shuffled = { subjects: [...records.subjects].reverse(), followUps: records.followUps };
    expect(await dataSnapshotHash(shuffled)).toBe(expected);
  });

  it("changes when one value changes", async () => {
    const changed = {
      ...records,
      subjects: [{ subjectId: "PI-002", arm: "treated" }, records.subjects[1]],
    };
    expect(await dataSnapshotHash(changed)).not.toBe(await dataSnapshotHash(records));
  });
});
