import { DashboardReads, studyProtocol, type Tx } from "@ciclo/store";
import {
  type AdministrationRecord,
  addDays,
  alertAnalytes,
  cyclesBeforeWindow,
  type DueItem,
  dashboardAlerts,
  daysBetween,
  dueLookBack,
  dueOn,
  type LabResultRecord,
  type PlainDate,
  type Protocol,
  planForSubject,
  recordsBySubject,
  type SubjectRecord,
} from "@ciclo/trial";
import { z } from "@hono/zod-openapi";
import type { Grant } from "../authorize";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { type Action, can } from "../policy";

/** Misses older than this are data cleaning, not today's work; the dashboard leaves them out. */
const overdueHorizonDays = 28;
const siteActions: Action[] = [
  "read",
  "write",
  "randomize",
  "query.raise",
  "query.answer",
  "query.close",
  "sign",
  "unlock",
  "audit.read",
];

const DueRow = z.object({
  subjectId: z.string(),
  pseudonym: z.string(),
  kind: z.enum(["administration", "visit", "sample"]),
  what: z.string().openapi({ example: "IL-2, cycle 1 week 5" }),
  date: z.string(),
});

const Dashboard = z
  .object({
    today: z.string(),
    sites: z.array(
      z.object({
        id: z.string(),
        studyId: z.string(),
        code: z.string(),
        name: z.string(),
        actions: z.array(z.string()).openapi({ description: "what you may do at this site" }),
      }),
    ),
    enrolment: z.array(z.object({ siteId: z.string(), arm: z.string(), subjects: z.number() })),
    subjectsInClinicalBenefit: z.number(),
    subjects: z.number(),
    dueToday: z.array(DueRow),
    overdue: z.array(DueRow),
    openQueries: z.number(),
    protocolProblem: z.string().nullable().openapi({
      description:
        "why nothing is due and no alert is computed: the current protocol is missing or does not validate",
    }),
    alerts: z.array(
      z.object({
        kind: z.enum(["markerSignal", "tregIncrease", "postIl2Rise"]),
        subjectId: z.string(),
        pseudonym: z.string(),
        analyte: z.string(),
        drawnAt: z.string(),
        message: z.string(),
      }),
    ),
  })
  .openapi("Dashboard");

/**
 * The study dashboard of the signed-in user, over the sites she may read: enrolment by site and
 * arm, subjects in clinical benefit, what is due today and overdue, open queries and alerts.
 */
export function dashboardRoutes(): Endpoint[] {
  return [
    defineEndpoint({
      method: "get",
      path: "/dashboard",
      tag: "dashboard",
      summary: "The study dashboard over the sites you may read",
      description: `Enrolment by site and arm, subjects in clinical benefit, doses, visits and draws due today and overdue (at most ${overdueHorizonDays} days late), open queries, and the alerts of the subjects on study (marker signal, Treg increase, marker rise after IL-2) computed with the protocol's rules.`,
      response: Dashboard,
      guard: { on: "sites", action: "read" },
      handle: async (_input, grant, c) => {
        const deps = c.get("deps");
        const today = deps.clock().toISOString().slice(0, 10);
        const siteIds = grant.sites === "all" ? undefined : grant.sites;
        const json = await deps.store.transaction(grant.actor, (tx) =>
          dashboardOf(tx, new DashboardReads(tx.db, siteIds), grant, today),
        );
        return { json };
      },
    }),
  ];
}

async function dashboardOf(tx: Tx, reads: DashboardReads, grant: Grant, today: PlainDate) {
  const [sites, enrolment, openQueries, current] = await Promise.all([
    reads.sites(),
    reads.enrolment(),
    reads.openQueries(),
    studyProtocol(tx),
  ]);
  // Without a valid protocol there is no plan and no rule: the dashboard says why.
  const protocol = current.ok ? current.value : undefined;
  const active = protocol ? await reads.activeSubjects() : [];
  const pseudonyms = new Map(active.map((subject) => [subject.subjectId, subject.pseudonym ?? ""]));
  const named = <T extends { subjectId: string }>(row: T) => ({
    ...row,
    pseudonym: pseudonyms.get(row.subjectId) ?? "",
  });
  const { dueToday, overdue } = protocol
    ? await dueWork(reads, protocol, active, today)
    : { dueToday: [], overdue: [] };
  const alerts = protocol
    ? dashboardAlerts(protocol, active, await reads.activeResults(alertAnalytes(protocol)))
    : [];
  return {
    today,
    sites: sites.map((site) => ({
      ...site,
      actions: siteActions.filter((action) =>
        can(grant.actor, action, { kind: "site", siteId: site.id }),
      ),
    })),
    enrolment: enrolment.map(({ siteId, arm, subjects }) => ({ siteId, arm, subjects })),
    subjectsInClinicalBenefit: enrolment.reduce((sum, row) => sum + row.inClinicalBenefit, 0),
    subjects: enrolment.reduce((sum, row) => sum + row.subjects, 0),
    dueToday: dueToday.map(named),
    overdue: overdue.map(named),
    openQueries,
    alerts: alerts.map(named),
    protocolProblem: current.ok ? null : current.problem.message,
  };
}

interface DueRowValue {
  subjectId: string;
  kind: DueItem["kind"];
  what: string;
  date: string;
}

/**
 * Today's and the overdue work of the subjects on study: each subject's plan by the trial
 * engine (`planForSubject`), read by `dueOn`. Only the records that can change what the window
 * shows are read: visits and draws from shortly before the horizon, and the administrations
 * from the plan's first cycle on (all of them for a subject with a delayed dose).
 */
async function dueWork(
  reads: DashboardReads,
  protocol: Protocol,
  subjects: readonly SubjectRecord[],
  today: PlainDate,
): Promise<{ dueToday: DueRowValue[]; overdue: DueRowValue[] }> {
  const horizon = addDays(today, -overdueHorizonDays);
  const lookBack = dueLookBack(protocol, horizon);
  const [administrations, visits, samples] = await Promise.all([
    reads.administrationsFrom(lookBack.administrationsFrom).then(recordsBySubject),
    reads.visitsFrom(lookBack.visitsFrom).then(visitDatesBySubject),
    reads.drawsFrom(lookBack.drawsFrom).then(recordsBySubject),
  ]);
  const arms = new Set(protocol.arms.map((arm) => arm.code));
  const dueToday: DueRowValue[] = [];
  const overdue: DueRowValue[] = [];
  for (const subject of subjects) {
    const startDate = subject.firstIfnDate ?? subject.enrolmentDate;
    if (!arms.has(subject.arm) || startDate > today) continue;
    const recorded = administrations.get(subject.subjectId) ?? [];
    const skipped = cyclesBeforeWindow(protocol, startDate, horizon, recorded);
    // The plan starts at the first cycle that reaches the window: cycle 1 day 1 moved on by
    // the skipped cycles (the engine starts at the first IFN-β dose).
    const plan = planForSubject(
      protocol,
      {
        subject: {
          ...subject,
          firstIfnDate: addDays(startDate, skipped * protocol.cycle.lengthDays),
        },
        administrations: recorded,
      },
      {
        cycles: Math.floor(daysBetween(startDate, today) / protocol.cycle.lengthDays) + 1 - skipped,
      },
    );
    const list = dueOn(plan, today, {
      visitDates: visits.get(subject.subjectId) ?? [],
      samples: samples.get(subject.subjectId) ?? [],
    });
    for (const item of list.due) dueToday.push(describeDue(subject.subjectId, item, skipped));
    for (const item of list.overdue) {
      const row = describeDue(subject.subjectId, item, skipped);
      if (row.date >= horizon) overdue.push(row);
    }
  }
  return { dueToday, overdue };
}

/** The visit dates of each subject. */
function visitDatesBySubject(
  visits: { subjectId: string; visitDate: PlainDate }[],
): Map<string, PlainDate[]> {
  const dates = new Map<string, PlainDate[]>();
  for (const [subjectId, held] of recordsBySubject(visits))
    dates.set(
      subjectId,
      held.map((visit) => visit.visitDate),
    );
  return dates;
}

function describeDue(subjectId: string, item: DueItem, skippedCycles: number): DueRowValue {
  switch (item.kind) {
    case "administration": {
      const a = item.administration;
      return {
        subjectId,
        kind: item.kind,
        what: `${a.drug} ${a.dose} ${a.unit}, cycle ${a.cycle + skippedCycles} week ${a.cycleWeek}`,
        date: a.date,
      };
    }
    case "visit":
      return {
        subjectId,
        kind: item.kind,
        what: `${item.visit.label}, cycle ${item.visit.cycle + skippedCycles}`,
        date: item.visit.latest,
      };
    case "sample":
      return {
        subjectId,
        kind: item.kind,
        what: `${item.window.relation}-IL-2 draw (${item.window.panels.join(", ")}), cycle ${item.window.cycle + skippedCycles}`,
        date: item.window.closesAt.slice(0, 10),
      };
  }
}
