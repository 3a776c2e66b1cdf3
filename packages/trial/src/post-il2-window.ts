import { addHours } from "./plain-date";
import type { Protocol } from "./protocol-schema";
import type { Instant } from "./records";

/** When a post-IL-2 sample may be drawn: hours after one anchoring IL-2 dose of a cycle. */
export interface PostIl2SamplingWindow {
  cycle: number | null;
  /** The IL-2 dose the window is anchored to. */
  il2At: Instant;
  opensAt: Instant;
  closesAt: Instant;
}

/**
 * The post-IL-2 sampling windows: `sampling.post.minHoursAfter`–`maxHoursAfter` hours after the
 * `sampling.post.afterDoses`-th IL-2 dose given in each cycle (the seed protocol: 24–72 h after
 * the first). The one definition the scheduler plans, the validator checks and the pairing
 * relies on.
 *
 * Anchored to the cycle's first dose, not to the latest dose before the draw, because the pair
 * compares the post sample with the pre sample drawn before that same first dose: the response
 * measured is the response to the cycle's IL-2 start. With doses on Mon/Wed/Fri at 09:00 the
 * window runs Tue 09:00 to Thu 09:00, and the Wednesday dose falls inside it; a draw on
 * Wednesday afternoon is still 24–72 h after the first dose and is a valid post sample, though
 * it is only hours after the second.
 *
 * Doses without a recorded cycle each anchor a window of their own.
 *
 * @example
 * postIl2Windows(seedProtocol, [{ at: "1993-03-01T09:00:00Z", cycle: 1 }, { at: "1993-03-03T09:00:00Z", cycle: 1 }]);
 * // => [{ cycle: 1, il2At: "1993-03-01T09:00:00Z", opensAt: "1993-03-02T09:00:00Z", closesAt: "1993-03-04T09:00:00Z" }]
 */
export function postIl2Windows(
  protocol: Protocol,
  doses: readonly { at: Instant; cycle: number | null }[],
): PostIl2SamplingWindow[] {
  const { minHoursAfter, maxHoursAfter, afterDoses } = protocol.sampling.post;
  const byCycle = new Map<number, Instant[]>();
  const windows: PostIl2SamplingWindow[] = [];
  const windowAfter = (cycle: number | null, at: Instant): PostIl2SamplingWindow => ({
    cycle,
    il2At: at,
    opensAt: addHours(at, minHoursAfter),
    closesAt: addHours(at, maxHoursAfter),
  });
  for (const dose of doses) {
    if (dose.cycle === null) windows.push(windowAfter(null, dose.at));
    else byCycle.set(dose.cycle, [...(byCycle.get(dose.cycle) ?? []), dose.at]);
  }
  for (const [cycle, instants] of byCycle) {
    const ordered = [...instants].sort();
    for (const ordinal of afterDoses) {
      const at = ordered[ordinal - 1];
      if (at) windows.push(windowAfter(cycle, at));
    }
  }
  return windows.sort((a, b) => (a.il2At < b.il2At ? -1 : a.il2At > b.il2At ? 1 : 0));
}
