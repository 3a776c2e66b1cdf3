import { expectClose } from "@ciclo/stats";
import { describe, expect, it } from "vitest";
import { markerCutoff } from "./marker-cutoff";
import { markerLeadTime, markerSignals } from "./marker-signal";
import { parseProtocol } from "./parse-protocol";
import { pairPostIl2Samples } from "./post-il2-sample";
import type { Protocol } from "./protocol-schema";
import type { LabResultRecord } from "./records";
import { referenceChangeValue, significantChange } from "./reference-change-value";
import { seedProtocol } from "./seed-protocol";
import { standardizedValue } from "./standardized-value";

const cea = (
  drawnAt: string,
  value: number | null,
  relation: LabResultRecord["relation"] = "routine",
  cycle: number | null = null,
): LabResultRecord => ({
  subjectId: "PI-001",
  analyte: "CEA",
  drawnAt,
  value,
  unit: "ng/mL",
  relation,
  cycle,
});

const variant = (change: (document: Protocol) => void): Protocol => {
  const document = structuredClone(seedProtocol);
  change(document);
  const parsed = parseProtocol(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.protocol;
};

describe("reference change value", () => {
  // 1.96 · √2 = 2.7718585822512662; × 0.154 = 0.42686622166669; × 0.060 = 0.16631151493507595.
  it("uses the total CV of the reference value's side of the cut-off", () => {
    expectClose(referenceChangeValue(seedProtocol, "CEA", 3, 5), 0.42686622166669, { rel: 1e-12 });
    expectClose(referenceChangeValue(seedProtocol, "CEA", 5, 5), 0.42686622166669, { rel: 1e-12 });
    expectClose(referenceChangeValue(seedProtocol, "CEA", 8, 5), 0.16631151493507595, {
      rel: 1e-12,
    });
    // TPA above: 2.7718585822512662 × 0.199 = 0.5515998578680020.
    expectClose(referenceChangeValue(seedProtocol, "TPA", 120, 95), 0.551599857868002, {
      rel: 1e-12,
    });
  });

  it("combines analytical and within-subject CVs when the protocol gives both", () => {
    // √(0.05² + 0.10²) = 0.1118033988749895; × 2.7718585822512662 = 0.30990321069650123 (Python).
    const protocol = variant((p) => {
      p.markers.rcv.coefficients[1].cvAboveCutoff = { analytical: 0.05, withinSubject: 0.1 };
    });
    expectClose(referenceChangeValue(protocol, "CEA", 8, 5), 0.30990321069650123, { rel: 1e-12 });
  });

  it("classes a change as rise, fall or no change", () => {
    // From 3 (RCV 0.4269): 4.5 is +50 % → rise; 4.0 is +33 % → no change; 1.5 is −50 % → fall.
    expect(significantChange(seedProtocol, "CEA", 3, 4.5, 5).direction).toBe("rise");
    expect(significantChange(seedProtocol, "CEA", 3, 4, 5).direction).toBe("no change");
    expect(significantChange(seedProtocol, "CEA", 3, 1.5, 5).direction).toBe("fall");
  });
});

describe("cut-offs and standardized values", () => {
  const versioned = variant((p) => {
    p.markers.cutoffs[0].validTo = "2000-01-01";
    p.markers.cutoffs.push(
      {
        analyte: "CEA",
        value: 3,
        unit: "µg/L",
        assay: "*",
        site: "*",
        validFrom: "2000-01-01",
        validTo: null,
      },
      {
        analyte: "CEA",
        value: 4,
        unit: "ng/mL",
        assay: "ECLIA",
        site: "PI",
        validFrom: "2000-01-01",
        validTo: null,
      },
    );
  });

  it("picks the version valid on the date, preferring the site's assay", () => {
    expect(markerCutoff(versioned, "CEA", "1999-12-31")).toMatchObject({ ok: true, value: 5 });
    expect(markerCutoff(versioned, "CEA", "2000-01-01")).toMatchObject({ ok: true, value: 3 });
    expect(
      markerCutoff(versioned, "CEA", "2001-05-01", { site: "PI", assay: "ECLIA" }),
    ).toMatchObject({
      ok: true,
      value: 4,
    });
    expect(markerCutoff(seedProtocol, "CEA", "1980-01-01")).toEqual({
      ok: false,
      code: "no_cutoff",
      message:
        "protocol ciclo-pilot has no cut-off for CEA on 1980-01-01; add one to markers.cutoffs",
    });
  });

  it("divides by the cut-off, or by the pre-IL-2 value", () => {
    // 7.5 / 5 = 1.5; µg/L is ng/mL.
    expect(
      standardizedValue(seedProtocol, { ...cea("1993-03-08T08:00:00Z", 7.5), unit: "µg/L" }),
    ).toEqual({
      ok: true,
      value: 1.5,
    });
    const byBaseline = variant((p) => {
      p.markers.standardization = "baseline";
    });
    // 6 / 4 = 1.5.
    expect(
      standardizedValue(
        byBaseline,
        cea("1993-03-10T08:00:00Z", 6, "post"),
        cea("1993-03-08T08:00:00Z", 4, "pre"),
      ),
    ).toEqual({ ok: true, value: 1.5 });
    expect(
      standardizedValue(seedProtocol, { ...cea("1993-03-08T08:00:00Z", 3), unit: "mg/dl" }),
    ).toEqual({
      ok: false,
      code: "unconvertible_unit",
      message: "unit 'mg/dl' cannot be converted for CEA; use ng/mL or µg/L",
    });
  });
});

describe("markerSignals", () => {
  // CEA (cut-off 5): 3.0, 2.5, 2.0 (nadir), 4.0, 6.0, 5.5.
  // Jul 4.0: (4 − 2)/2 = 1.0 > RCV(2 ≤ 5) = 0.4269 but 4.0 ≤ 5 → not above the cut-off.
  // Sep 6.0: (6 − 2)/2 = 2.0 > 0.4269 and 6 > 5 → rising; Nov 5.5: 1.75 > 0.4269 and 5.5 > 5 → confirms.
  // The post-IL-2 draw of Jun (9.0) is ignored: the signal reads pre and routine draws only.
  const series = [
    cea("1993-01-04T08:00:00Z", 3.0, "pre"),
    cea("1993-03-01T08:00:00Z", 2.5),
    cea("1993-05-03T08:00:00Z", 2.0),
    cea("1993-06-02T08:00:00Z", 9.0, "post"),
    cea("1993-07-05T08:00:00Z", 4.0),
    cea("1993-09-06T08:00:00Z", 6.0),
    cea("1993-11-08T08:00:00Z", 5.5),
    cea("1993-12-06T08:00:00Z", null),
  ];

  it("finds the first confirmed rise over the nadir beyond the RCV and above the cut-off", () => {
    const { signals, first, problems } = markerSignals(seedProtocol, series);
    expect(problems).toEqual([]);
    expect(signals).toHaveLength(1);
    expect(first).toMatchObject({
      analyte: "CEA",
      drawnAt: "1993-09-06T08:00:00Z",
      confirmedAt: "1993-11-08T08:00:00Z",
      value: 6,
      nadir: 2,
      cutoff: 5,
      change: 2,
    });
    expectClose(first!.rcv, 0.42686622166669, { rel: 1e-12 });
  });

  it("waits for the confirming draw", () => {
    expect(markerSignals(seedProtocol, series.slice(0, 6)).first).toBeNull();
    // A confirming draw back under the cut-off (4.8) does not confirm.
    expect(
      markerSignals(seedProtocol, [...series.slice(0, 6), cea("1993-11-08T08:00:00Z", 4.8)]).first,
    ).toBeNull();
  });

  it("measures the lead time to progression", () => {
    // 1993-09-06 → 1994-03-01 = 24 + 31 + 30 + 31 + 31 + 28 + 1 = 176 days; / 30.4375 = 5.78234… months.
    const { first } = markerSignals(seedProtocol, series);
    const lead = markerLeadTime(first!, "1994-03-01");
    expect(lead.days).toBe(176);
    expectClose(lead.months, 176 / 30.4375, { rel: 1e-12 });
  });
});

describe("pairPostIl2Samples", () => {
  // Cycle 1: pre 4.0, post 3.0 → −25 %, RCV(4 ≤ 5) = 0.4269 → no change.
  // Cycle 2: pre 9.0 then pre 10.0 (latest before the post), post 8.0 → −20 % < −RCV(10 > 5) = −0.1663 → fall;
  //          standardized 10/5 = 2, 8/5 = 1.6.
  // Cycle 3: pre 12.0, post 15.0 → +25 % > 0.1663 → rise.
  const results = [
    cea("1993-03-01T07:00:00Z", 4.0, "pre", 1),
    cea("1993-03-02T10:00:00Z", 3.0, "post", 1),
    cea("1993-05-07T07:00:00Z", 9.0, "pre", 2),
    cea("1993-05-10T07:00:00Z", 10.0, "pre", 2),
    cea("1993-05-11T10:00:00Z", 8.0, "post", 2),
    cea("1993-07-19T07:00:00Z", 12.0, "pre", 3),
    cea("1993-07-20T10:00:00Z", 15.0, "post", 3),
    cea("1993-09-28T10:00:00Z", 15.0, "post", 4),
  ];
  const { pairs, problems } = pairPostIl2Samples(seedProtocol, results);

  it("pairs each post draw with the latest pre draw of its cycle and classes the change", () => {
    expect(pairs.map((p) => [p.cycle, p.preValue, p.postValue, p.classification])).toEqual([
      [1, 4, 3, "no change"],
      [2, 10, 8, "fall"],
      [3, 12, 15, "rise"],
    ]);
    expect(pairs[1]).toMatchObject({ preStandardized: 2, postStandardized: 1.6, change: -0.2 });
  });

  it("says which post draw has no pre draw", () => {
    expect(problems).toEqual([
      "post-IL-2 CEA of PI-001 drawn 1993-09-28T10:00:00Z has no pre-IL-2 CEA in cycle 4 before it",
    ]);
  });
});
