import { coxPh } from "@ciclo/stats";

/** Survival that separates short from long survivors in the published analysis: 5 years. */
export const longSurvivalMonths = 60;

/** One (start, stop] interval of OS with the Treg state known at its start. */
export interface TregModelRow {
  subjectId: string;
  arm: string;
  start: number;
  stop: number;
  event: 0 | 1;
  /** 1 from the draw that confirms the rise, 0 before it. */
  increased: 0 | 1;
}

/**
 * A subject's OS in (start, stop] rows with the Treg state: switched at `switchAt` months when
 * it falls inside follow-up, else one row (0, or 1 when the rise was confirmed by the origin).
 */
export function tregRows(
  subjectId: string,
  arm: string,
  time: number,
  event: 0 | 1,
  switchAt: number | null,
): TregModelRow[] {
  if (switchAt === null || switchAt >= time)
    return [{ subjectId, arm, start: 0, stop: time, event, increased: 0 }];
  if (switchAt <= 0) return [{ subjectId, arm, start: 0, stop: time, event, increased: 1 }];
  return [
    { subjectId, arm, start: 0, stop: switchAt, event: 0, increased: 0 },
    { subjectId, arm, start: switchAt, stop: time, event, increased: 1 },
  ];
}

/**
 * The Cox model of the rows, stratified by arm, Efron ties, model-based standard errors: the
 * rows of one subject are disjoint pieces of one follow-up, so no robust correction is needed
 * (R: `coxph(Surv(start, stop, event) ~ increased + strata(arm), data = rows)`).
 */
export function tregCoxFit(rows: readonly TregModelRow[]) {
  return coxPh({
    start: rows.map((r) => r.start),
    time: rows.map((r) => r.stop),
    status: rows.map((r) => r.event),
    covariates: [rows.map((r) => r.increased)],
    names: ["Treg increased (confirmed) vs not"],
    strata: rows.map((r) => r.arm),
  });
}
