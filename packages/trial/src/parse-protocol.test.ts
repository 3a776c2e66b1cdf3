import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import seedDocument from "../protocols/ciclo-pilot.json";
import { immortalTimeWarning } from "./immortal-time-warning";
import { parseProtocol } from "./parse-protocol";
import { seedProtocol } from "./seed-protocol";

// biome-ignore lint/suspicious/noExplicitAny: tests break the document at arbitrary depths
const copy = () => structuredClone(seedDocument) as Record<string, any>;

describe("parseProtocol", () => {
  it("accepts the seed file as an object, as JSON text and as YAML text", () => {
    for (const document of [seedDocument, JSON.stringify(seedDocument), stringify(seedDocument)]) {
      const parsed = parseProtocol(document);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.protocol).toEqual(seedProtocol);
    }
  });

  it("reads the phase II protocol written in YAML, where no origin biases the comparison", () => {
    // Test files may read files; the package itself never does.
    const text = readFileSync(new URL("../protocols/ciclo-phase2.yaml", import.meta.url), "utf8");
    const parsed = parseProtocol(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.protocol.arms.map((arm) => arm.visits.map((v) => v.code))).toEqual([
      ["control", "imaging"],
      ["control", "imaging"],
    ]);
    expect(immortalTimeWarning(parsed.protocol, "enrolment")).toBeNull();
    expect(immortalTimeWarning(parsed.protocol, "hormoneTherapyStart")).toBeNull();
    expect(parsed.protocol.randomization).toMatchObject({
      method: "minimization",
      ratio: { immunotherapy: 1, control: 1 },
      minimization: { probability: 0.8, imbalance: "range" },
    });
    expect(parsed.protocol.randomization?.factors.map((factor) => factor.code)).toEqual([
      "site",
      "visceral",
      "dfi",
    ]);
    expect(parsed.protocol.eligibility?.inclusion[0].rule).toEqual({
      field: "menopausalStatus",
      in: ["post"],
    });
  });

  it("refuses a randomization whose ratio or blocks do not fit the arms", () => {
    const text = readFileSync(new URL("../protocols/ciclo-phase2.yaml", import.meta.url), "utf8");
    const broken = text
      .replace("ratio: { immunotherapy: 1, control: 1 }", "ratio: { treated: 2, control: 1 }")
      .replace("method: minimization", "method: permuted-blocks\n  blockSizes: [4]");
    const parsed = parseProtocol(broken);
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      {
        path: "randomization.ratio",
        message:
          "give a share to each arm of the protocol (control, immunotherapy), and only to them",
      },
      {
        path: "randomization.blockSizes[0]",
        message: "a block of 4 cannot keep the ratio; use a multiple of 3",
      },
    ]);
  });

  it("holds the domain's defaults", () => {
    expect(seedProtocol.cycle.lengthDays).toBe(70);
    expect(seedProtocol.arms.find((arm) => arm.control)?.drugs).toEqual([]);
    const il2 = seedProtocol.arms[0].drugs.find((drug) => drug.code === "il-2");
    expect(il2).toMatchObject({
      dose: 3_000_000,
      unit: "IU",
      route: "sc",
      weekdays: [1, 3, 5],
      weeks: [5, 6, 7, 8],
    });
    expect(seedProtocol.markers.cutoffs.map((c) => [c.analyte, c.value])).toEqual([
      ["CEA", 5],
      ["CA15-3", 30],
      ["TPA", 95],
    ]);
    expect(seedProtocol.treg).toMatchObject({ k: 2, baselineDraws: 2, origin: "firstIfn" });
    expect(seedProtocol.clinicalBenefit.stableMinWeeks).toBe(24);
  });

  it("names the path and says what to change for a bad weekday", () => {
    const document = copy();
    document.arms[0].drugs[1].weekdays = [1, 3, 8];
    expect(parseProtocol(document)).toEqual({
      ok: false,
      problems: [
        { path: "arms[0].drugs[1].weekdays[2]", message: "weekdays run 1 (Monday) to 7 (Sunday)" },
      ],
    });
  });

  it("refuses a cut-off valid from a date that does not exist", () => {
    const document = copy();
    document.markers.cutoffs[0].validFrom = "1992-02-30";
    expect(parseProtocol(document)).toEqual({
      ok: false,
      problems: [{ path: "markers.cutoffs[0].validFrom", message: "not a calendar date" }],
    });
  });

  it("refuses a cytokine planned in the rest weeks", () => {
    const document = copy();
    document.arms[0].drugs[1].weeks = [5, 6, 7, 8, 9];
    expect(parseProtocol(document)).toEqual({
      ok: false,
      problems: [
        {
          path: "arms[0].drugs[1].weeks[4]",
          message:
            "week 9 is not in a phase that gives il-2; give il-2 only in weeks of its phase (week 9 is 'rest (anti-estrogen alone)')",
        },
      ],
    });
  });

  it("says which key is missing, which is unknown, and a CV written as a percentage", () => {
    const document = copy();
    delete document.treg.k;
    document.treg.kk = 2;
    document.markers.rcv.coefficients[1].cvAboveCutoff = { total: 6 };
    const parsed = parseProtocol(document);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problems).toEqual(
        expect.arrayContaining([
          { path: "treg.k", message: "add 'k' (number)" },
          { path: "treg", message: "remove or correct the unknown key 'kk'" },
        ]),
      );
    if (!parsed.ok)
      expect(
        parsed.problems.some((p) => p.path.startsWith("markers.rcv.coefficients[1].cvAboveCutoff")),
      ).toBe(true);
  });

  it("requires a control arm and a cut-off for every marker", () => {
    const document = copy();
    document.arms[1].control = false;
    document.markers.cutoffs = document.markers.cutoffs.slice(0, 2);
    const parsed = parseProtocol(document);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problems).toEqual([
        { path: "markers.cutoffs", message: "give a cut-off for TPA" },
        {
          path: "arms",
          message: "mark one arm as the control arm (control: true, anti-estrogen alone)",
        },
      ]);
  });

  it("refuses duplicate codes, an IL-2 drug no arm gives and analytes outside the catalogue", () => {
    const document = copy();
    document.arms[1].code = "treated";
    document.sampling.il2Drug = "il-12";
    document.markers.analytes[2] = "PSA";
    document.markers.cutoffs[2].analyte = "PSA";
    document.markers.rcv.coefficients[2].analyte = "PSA";
    document.treg.analyte = "CD4";
    const parsed = parseProtocol(document);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problems).toEqual([
        { path: "arms", message: "arm code 'treated' is used twice; give each arm its own code" },
        { path: "sampling.il2Drug", message: "no arm gives 'il-12'; name the IL-2 drug of an arm" },
        {
          path: "markers.analytes[2]",
          message: "'PSA' is not in the analyte catalogue; use e.g. CEA, CA15-3 or TPA",
        },
        {
          path: "treg.analyte",
          message: "use TREG (absolute count) or TREG_PCT (percentage of CD4+)",
        },
      ]);
  });

  it("reports unreadable text as a syntax problem", () => {
    const parsed = parseProtocol('{"schemaVersion": 1,');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems[0].path).toBe("");
      expect(parsed.problems[0].message).toMatch(
        /^the document is not valid JSON \(.*\); fix its syntax$/,
      );
    }
  });
});
