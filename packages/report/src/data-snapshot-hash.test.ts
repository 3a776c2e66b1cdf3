import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalRecords, dataSnapshotHash } from "./data-snapshot-hash";

describe("dataSnapshotHash", () => {
  const records = {
    subjects: [
      { subjectId: "PI-002", arm: "control" },
      { arm: "treated", subjectId: "PI-001" },
    ],
    followUps: [{ subjectId: "PI-001", contactDate: "1999-01-01", vitalStatus: "alive" }],
  };

  it("hashes a canonical text: kinds and records sorted, keys sorted", () => {
    expect(canonicalRecords(records)).toBe(
      '"followUps":[{"contactDate":"1999-01-01","subjectId":"PI-001","vitalStatus":"alive"}]\n' +
        '"subjects":[{"arm":"control","subjectId":"PI-002"},{"arm":"treated","subjectId":"PI-001"}]',
    );
  });

  it("is the SHA-256 of that text, whatever order the rows come in", async () => {
    const expected = createHash("sha256").update(canonicalRecords(records)).digest("hex");
    const shuffled = { followUps: records.followUps, subjects: [...records.subjects].reverse() };
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
