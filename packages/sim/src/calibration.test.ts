import { seedProtocol } from "@ciclo/trial";
import { describe, expect, it } from "vitest";
import {
  type CalibrationStatistics,
  calibrationStatistics,
  medianOf,
} from "./calibration-statistics";
import { seededRandom } from "./random";
import { simulateCohort } from "./simulate-cohort";

// Published figures, domain.md §5.
const published = {
  pfsTreated: 33,
  pfsControl: 18,
  osTreated: 81,
  osControl: 62,
  tregShort: 20,
  tregLong: 45.5,
  leadTreated: 12.1,
  leadControl: 2.4,
};

const spec = { treated: 42, controls: 95, sites: ["PI", "FI", "SI"] };

function replicates(count: number, seed: number, trajectories: boolean): CalibrationStatistics[] {
  const rng = seededRandom(seed);
  return Array.from({ length: count }, () =>
    calibrationStatistics(
      seedProtocol,
      simulateCohort(seedProtocol, { ...spec, trajectories }, rng.split()),
    ),
  );
}

const medianOver = (
  stats: CalibrationStatistics[],
  pick: (s: CalibrationStatistics) => number,
): number => medianOf(stats.map(pick).filter((value) => !Number.isNaN(value)));

describe("calibration to domain.md §5 (42 treated, 95 controls)", () => {
  it("median PFS and OS over 200 replicates (times-only path) match 33/18 and 81/62 months", () => {
    const stats = replicates(200, 20260101, false);
    const simulated = {
      pfsTreated: medianOver(stats, (s) => s.medianPfs.treated),
      pfsControl: medianOver(stats, (s) => s.medianPfs.control),
      osTreated: medianOver(stats, (s) => s.medianOs.treated),
      osControl: medianOver(stats, (s) => s.medianOs.control),
    };
    console.table(
      Object.entries(simulated).map(([figure, value]) => ({
        figure,
        simulated: value.toFixed(1),
        published: published[figure as keyof typeof published],
      })),
    );
    // Tolerance: the median over 200 replicates of a KM median has Monte-Carlo SE ≈
    // 1.25·SD/√200; the replicate SD of a KM median with 42 (95) patients is about 5 (2.5)
    // months for PFS and 12 (8) for OS (published CI 24.5–41.8 and 12.1–23.8 for PFS), so
    // SE ≈ 0.45 (0.25) and 1.1 (0.7) months. We allow 3 SE, rounded up: 1.5/1 and 3.5/2.5.
    expect(Math.abs(simulated.pfsTreated - published.pfsTreated)).toBeLessThan(1.5);
    expect(Math.abs(simulated.pfsControl - published.pfsControl)).toBeLessThan(1);
    expect(Math.abs(simulated.osTreated - published.osTreated)).toBeLessThan(3.5);
    expect(Math.abs(simulated.osControl - published.osControl)).toBeLessThan(2.5);
  });

  it("marker lead time (12.1/2.4 months) and the long survivors' Treg interval (45.5) from full records (5 replicates); short survivors only earlier, not yet 20", () => {
    const stats = replicates(5, 20260102, true);
    const simulated = {
      tregShort: medianOver(stats, (s) => s.tregIncreaseMonths.shortSurvivors),
      tregLong: medianOver(stats, (s) => s.tregIncreaseMonths.longSurvivors),
      leadTreated: medianOver(stats, (s) => s.markerLeadMonths.treated),
      leadControl: medianOver(stats, (s) => s.markerLeadMonths.control),
    };
    console.table(
      Object.entries(simulated).map(([figure, value]) => ({
        figure,
        simulated: value.toFixed(1),
        published: published[figure as keyof typeof published],
      })),
    );
    // Sampling error of one trial's figure: the marker lead time is a mean of ~30 (~60)
    // patients with SD 12.9 (4.0) months (domain.md §5), SE ≈ 2.4 (0.5); the Treg medians come
    // from ~15 patients per group of the immune study (n = 31), SE of a median ≈ 1.25·SD/√15
    // with SD ≈ 10 (20) months, ≈ 3 (6.5) months. The tolerances are about 2 SE of one trial.
    expect(Math.abs(simulated.leadTreated - published.leadTreated)).toBeLessThan(4.8);
    expect(Math.abs(simulated.leadControl - published.leadControl)).toBeLessThan(1);
    // Known gap: the model ties the Treg rise to progression, and short survivors progress
    // early, so their interval comes out at 7–15 months instead of 20 (README, Calibration).
    // Only the direction and an upper bound are asserted for it.
    expect(simulated.tregShort).toBeLessThan(published.tregShort);
    expect(Math.abs(simulated.tregLong - published.tregLong)).toBeLessThan(13);
    // Short survivors' Treg rises earlier (domain.md §1).
    expect(simulated.tregShort).toBeLessThan(simulated.tregLong);
  });
});
