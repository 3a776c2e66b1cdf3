import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { randomizeFile } from "./randomize";

const protocol = new URL("../../../trial/protocols/ciclo-phase2.yaml", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "ciclo-randomize-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("ciclo randomize", () => {
  const rows = Array.from(
    { length: 200 },
    (_, i) =>
      `S${i + 1},${["PI", "FI", "SI"][i % 3]},${i % 5 < 2 ? "yes" : "no"},${i % 3 === 1 ? "<=24" : ">24"}`,
  );
  const subjects = file("subjects.csv", `subject,site,visceral,dfi\n${rows.join("\n")}\n`);

  it("allocates every subject in file order, the same for the same seed", () => {
    const first = randomizeFile({ protocol, subjects, seed: "7" });
    const again = randomizeFile({ protocol, subjects, seed: "7" });
    const other = randomizeFile({ protocol, subjects, seed: "8" });
    if (!first.ok || !again.ok || !other.ok) throw new Error("refused a good file");
    expect(first.value).toEqual(again.value);
    expect(first.value.map((a) => a.arm)).not.toEqual(other.value.map((a) => a.arm));
    expect(first.value.map((a) => a.subject)).toEqual(rows.map((row) => row.split(",")[0]));
    expect(first.value[0].stratum).toBe("PI/yes/>24");
    // Minimization keeps the whole trial within a few subjects of 1:1.
    const treated = first.value.filter((a) => a.arm === "immunotherapy").length;
    expect(Math.abs(2 * treated - 200)).toBeLessThanOrEqual(6);
  });

  it("names the missing column, and the line and factor of a bad level", () => {
    expect(
      randomizeFile({ protocol, subjects: file("short.csv", "subject,site\nS1,PI\n"), seed: "1" }),
    ).toEqual({
      ok: false,
      message: `'${join(dir, "short.csv")}' has no column 'visceral', 'dfi'; its header must hold subject and site, visceral, dfi`,
    });
    const bad = file("bad.csv", "subject,site,visceral,dfi\nS1,PI,yes,>24\nS2,PI,no,36\n");
    expect(randomizeFile({ protocol, subjects: bad, seed: "1" })).toEqual({
      ok: false,
      message:
        "line 3, dfi: dfi '36' is not a level of Disease-free interval (months); use <=24 or >24",
    });
  });

  it("says so when the protocol has no randomization", () => {
    const pilot = new URL("../../../trial/protocols/ciclo-pilot.json", import.meta.url).pathname;
    expect(randomizeFile({ protocol: pilot, subjects, seed: "1" })).toEqual({
      ok: false,
      message: `'${pilot}' has no randomization section; add one to randomize`,
    });
  });
});
