import { dateOfInstant, type PlainDate } from "./plain-date";
import type { CyclePlan, PlannedAdministration, PlannedVisit, SamplingWindow } from "./plan-cycles";
import type { Instant, SampleRelation } from "./records";

/** What has been done, beyond the administrations the plan already knows. */
export interface DoneSoFar {
  /** Dates of the visits held (any kind). */
  visitDates?: readonly PlainDate[];
  /** Draws with their relation to IL-2. */
  samples?: readonly { drawnAt: Instant; relation?: SampleRelation | null }[];
}

export type DueItem =
  | { kind: "administration"; administration: PlannedAdministration }
  | { kind: "visit"; visit: PlannedVisit }
  | { kind: "sample"; window: SamplingWindow };

export interface DueList {
  /** Planned for this date, or whose window is open on it. */
  due: DueItem[];
  /** Planned before this date (or whose window closed before it) and not done. */
  overdue: DueItem[];
}

/**
 * What is due and what is overdue on a date, from the plan and what has been done. An
 * administration is due on its date and overdue after it until it is recorded (given or
 * skipped); a visit is due within its window and overdue after it unless a visit was held in
 * the window; a sampling window is due while open on that date and overdue once closed without
 * a draw of its relation inside it.
 *
 * @example
 * dueOn(plan, "1993-03-08").due.map((item) => item.kind); // => ["administration", "sample"]
 */
export function dueOn(plan: CyclePlan, date: PlainDate, done: DoneSoFar = {}): DueList {
  const due: DueItem[] = [];
  const overdue: DueItem[] = [];
  for (const administration of plan.administrations) {
    if (administration.status !== "planned") continue;
    const item = { kind: "administration", administration } as const;
    if (administration.date === date) due.push(item);
    else if (administration.date < date) overdue.push(item);
  }
  for (const visit of plan.visits) {
    const held = (done.visitDates ?? []).some((d) => d >= visit.earliest && d <= visit.latest);
    if (held) continue;
    const item = { kind: "visit", visit } as const;
    if (date >= visit.earliest && date <= visit.latest) due.push(item);
    else if (date > visit.latest) overdue.push(item);
  }
  for (const window of plan.samplingWindows) {
    const drawn = (done.samples ?? []).some(
      (sample) =>
        (sample.relation ?? window.relation) === window.relation &&
        sample.drawnAt >= window.opensAt &&
        sample.drawnAt <= window.closesAt,
    );
    if (drawn) continue;
    const item = { kind: "sample", window } as const;
    const opens = dateOfInstant(window.opensAt);
    const closes = dateOfInstant(window.closesAt);
    if (date >= opens && date <= closes) due.push(item);
    else if (date > closes) overdue.push(item);
  }
  return { due, overdue };
}
