import { describe, expect, it } from "vitest";
import { loadFixture } from "../test/r-fixtures";
import {
  eventPower,
  freedmanEvents,
  requiredEvents,
  schoenfeldEvents,
  subjectsForEvents,
} from "./event-design";
import type { Outcome } from "./outcome";
import { simonTwoStage } from "./simon-two-stage";
import { expectClose } from "./testing";

// design.json: Simon designs by direct enumeration in R (checked there against Simon 1989,
// Tables 1–2) and Schoenfeld/Freedman events from qnorm in R 4.2.2.
const fixture = loadFixture("r-reference/design.json");

function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.value;
}

describe("simonTwoStage against design.json and Simon (1989)", () => {
  for (const row of fixture.simon) {
    it(`p0 ${row.p0}, p1 ${row.p1}, alpha ${row.alpha}, beta ${row.beta}`, () => {
      const designs = unwrap(
        simonTwoStage({ p0: row.p0, p1: row.p1, alpha: row.alpha, beta: row.beta, nMax: row.nmax }),
      );
      for (const kind of ["optimal", "minimax"] as const) {
        const expected = row[kind];
        const actual = designs[kind];
        expect([actual.r1, actual.n1, actual.r, actual.n]).toEqual([
          expected.r1,
          expected.n1,
          expected.r,
          expected.n,
        ]);
        expectClose(
          [actual.en0, actual.pet0, actual.alpha, actual.power],
          [expected.en0, expected.pet0, expected.alpha, expected.power],
          { rel: 1e-9 },
        );
      }
    });
  }
  it("reproduces Simon (1989) Table 1, p0 = 0.1, p1 = 0.3, α = 0.05, β = 0.2 as printed", () => {
    const { optimal, minimax } = unwrap(
      simonTwoStage({ p0: 0.1, p1: 0.3, alpha: 0.05, beta: 0.2 }),
    );
    // Simon (1989) Table 1: optimal 1/10, 5/29, EN(p0) 15.0, PET(p0) 0.74; minimax 1/15, 5/25, 19.5, 0.55
    expect(optimal.en0.toFixed(1)).toBe("15.0");
    expect(optimal.pet0.toFixed(2)).toBe("0.74");
    expect(minimax.en0.toFixed(1)).toBe("19.5");
    expect(minimax.pet0.toFixed(2)).toBe("0.55");
  });
  it("says what to change when nothing fits", () => {
    const outcome = simonTwoStage({ p0: 0.1, p1: 0.15, alpha: 0.05, beta: 0.1, nMax: 20 });
    expect(outcome.ok ? "" : outcome.problem.message).toBe(
      "no two-stage design with n ≤ 20 meets alpha 0.05 and power 0.9; raise nMax or relax alpha or beta",
    );
    const reversed = simonTwoStage({ p0: 0.3, p1: 0.1, alpha: 0.05, beta: 0.2 });
    expect(reversed.ok ? "" : reversed.problem.message).toBe(
      "p1 (0.1) must exceed p0 (0.3): p1 is the response rate worth pursuing",
    );
  });
});

describe("event counts against design.json", () => {
  for (const row of fixture.events) {
    it(`HR ${row.hr}, power ${row.power}, allocation ${row.alloc.toFixed(3)}`, () => {
      const options = {
        hazardRatio: row.hr,
        alpha: row.alpha,
        power: row.power,
        allocation: row.alloc,
      };
      expectClose(unwrap(schoenfeldEvents(options)), row.schoenfeld_events, { rel: 1e-9 });
      expectClose(unwrap(freedmanEvents(options)), row.freedman_events, { rel: 1e-9 });
    });
  }
  it("inverts: the power after exactly the required events is the power asked for", () => {
    for (const method of ["schoenfeld", "freedman"] as const) {
      const events = unwrap(
        requiredEvents({ hazardRatio: 0.7, power: 0.9, allocation: 2 / 3 }, method),
      );
      const power = unwrap(eventPower({ hazardRatio: 0.7, events, allocation: 2 / 3 }, method));
      expectClose(power, 0.9, { rel: 1e-12 });
    }
  });
  it("gives subjects from the event probability, rounded up", () => {
    expect(unwrap(subjectsForEvents(246.8, 0.6))).toBe(412);
  });
  it("refuses a hazard ratio of 1", () => {
    const outcome = schoenfeldEvents({ hazardRatio: 1 });
    expect(outcome.ok ? "" : outcome.problem.message).toBe(
      "hazardRatio is 1; give a hazard ratio > 0 and ≠ 1, such as 0.7",
    );
  });
});
