import { addDays, daysBetween, type PlainDate } from "./plain-date";
import type { Protocol } from "./protocol-schema";
import type { AdministrationRecord } from "./records";

/**
 * How far before `horizon` (the oldest day a work list shows) the records that can still
 * change it reach back, per kind:
 * - administrations: two cycles, so the plan's first shown cycle is placed by what was given;
 * - visits: twice the widest visit window, so a visit held early or late is matched to its plan;
 * - draws: the pre-IL-2 look-back or the post-IL-2 window (in whole days), whichever is longer,
 *   and one day more, so a draw fills a window that closes after the horizon.
 *
 * @example
 * dueLookBack(seedProtocol, "2025-02-03");
 * // => { administrationsFrom: "2024-09-16", visitsFrom: "2025-01-28", drawsFrom: "2025-01-30" }
 */
export function dueLookBack(
  protocol: Protocol,
  horizon: PlainDate,
): { administrationsFrom: PlainDate; visitsFrom: PlainDate; drawsFrom: PlainDate } {
  const { pre, post } = protocol.sampling;
  const widestVisitWindow = Math.max(
    0,
    ...protocol.arms.flatMap((arm) => arm.visits.map((visit) => visit.windowDays)),
  );
  const drawDays = Math.max(pre.maxDaysBefore, Math.ceil(post.maxHoursAfter / 24)) + 1;
  return {
    administrationsFrom: addDays(horizon, -2 * protocol.cycle.lengthDays),
    visitsFrom: addDays(horizon, -2 * widestVisitWindow),
    drawsFrom: addDays(horizon, -drawDays),
  };
}

/**
 * Whole cycles that end before a work list's `horizon` and can be left out of the plan. Only a
 * recorded delay moves later doses, so without one the cycles before the horizon are the
 * protocol's own and the plan may start at a later cycle (same weekday: a cycle is whole weeks);
 * with one, the plan starts at cycle 1. At most two cycles before the horizon stay planned.
 *
 * @example
 * cyclesBeforeWindow(seedProtocol, "2023-01-02", "2025-02-03", []); // => 9
 */
export function cyclesBeforeWindow(
  protocol: Protocol,
  startDate: PlainDate,
  horizon: PlainDate,
  recorded: readonly AdministrationRecord[],
): number {
  if (recorded.some((record) => record.status === "delayed")) return 0;
  const length = protocol.cycle.lengthDays;
  if (length % 7 !== 0) return 0;
  return Math.max(0, Math.floor(daysBetween(startDate, horizon) / length) - 1);
}
