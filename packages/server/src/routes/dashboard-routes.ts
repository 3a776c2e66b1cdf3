import type { EntityName, ListFilter, StoredRecord, Tx } from "@ciclo/store";
import {
  type AdministrationRecord,
  addDays,
  type DueItem,
  daysBetween,
  dueOn,
  type PlainDate,
  type Protocol,
  parseProtocol,
  planCycles,
} from "@ciclo/trial";
import { z } from "@hono/zod-openapi";
import { type AlertDraw, dashboardAlerts } from "../dashboard-alerts";
import { defineEndpoint, type Endpoint } from "../endpoint";
import { type Action, can } from "../policy";

/** Misses older than this are data cleaning, not today's work; the dashboard leaves them out. */
const overdueHorizonDays = 28;
const siteActions: Action[] = [
  "read",
  "write",
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
      description: `Enrolment by site and arm, subjects in clinical benefit, doses, visits and draws due today and overdue (at most ${overdueHorizonDays} days late), open queries, and the alerts (marker signal, Treg increase, marker rise after IL-2) computed with the protocol's rules.`,
      response: Dashboard,
      guard: { on: "sites", action: "read" },
      handle: async (_input, grant, c) => {
        const deps = c.get("deps");
        const today = deps.clock().toISOString().slice(0, 10);
        const siteIds = grant.sites === "all" ? undefined : [...grant.sites];
        const json = await deps.store.transaction(grant.actor, async (tx) => {
          const sites = (await listAll(tx, "site", {})).filter(
            (site) => !siteIds || siteIds.includes(site.id),
          );
          const subjects = await listAll(tx, "subject", { siteIds });
          const protocol = await currentProtocol(tx);
          const samples = await listAll(tx, "sample", { siteIds });
          const pseudonyms = new Map(subjects.map((s) => [s.id, String(s.pseudonym)]));
          const { dueToday, overdue } = protocol
            ? await dueWork(tx, protocol, subjects, samples, siteIds, today)
            : { dueToday: [], overdue: [] };
          const draws = protocol ? await alertDraws(tx, protocol, samples, siteIds) : [];
          const openQueries = await listAll(tx, "query", { siteIds, where: { status: "open" } });
          return {
            today,
            sites: sites.map((site) => ({
              id: site.id,
              code: String(site.code),
              name: String(site.name),
              actions: siteActions.filter((action) =>
                can(grant.actor, action, { kind: "site", siteId: site.id }),
              ),
            })),
            enrolment: enrolmentBySiteAndArm(subjects),
            subjectsInClinicalBenefit: subjects.filter(
              (s) => s.clinicalBenefitDate && s.status === "active",
            ).length,
            subjects: subjects.length,
            dueToday: dueToday.map((row) => ({
              ...row,
              pseudonym: pseudonyms.get(row.subjectId)!,
            })),
            overdue: overdue.map((row) => ({ ...row, pseudonym: pseudonyms.get(row.subjectId)! })),
            openQueries: openQueries.length,
            alerts: protocol
              ? dashboardAlerts(protocol, draws).map((alert) => ({
                  ...alert,
                  pseudonym: pseudonyms.get(alert.subjectId) ?? "",
                }))
              : [],
          };
        });
        return { json };
      },
    }),
  ];
}

/** Every row of a list, page by page (a page holds at most 1,000 rows). */
async function listAll(tx: Tx, entity: EntityName, filter: ListFilter): Promise<StoredRecord[]> {
  const rows: StoredRecord[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await tx.records.list(entity, { ...filter, limit: 1000, offset });
    rows.push(...page);
    if (page.length < 1000) return rows;
  }
}

async function currentProtocol(tx: Tx): Promise<Protocol | undefined> {
  const versions = await listAll(tx, "protocolVersion", {});
  const latest = versions.sort((a, b) => Number(b.number) - Number(a.number))[0];
  if (!latest) return undefined;
  const parsed = parseProtocol(latest.document);
  return parsed.ok ? parsed.protocol : undefined;
}

function enrolmentBySiteAndArm(subjects: StoredRecord[]) {
  const counts = new Map<string, { siteId: string; arm: string; subjects: number }>();
  for (const subject of subjects) {
    const key = `${subject.siteId}\u0000${subject.arm}`;
    const row = counts.get(key) ?? {
      siteId: String(subject.siteId),
      arm: String(subject.arm),
      subjects: 0,
    };
    row.subjects++;
    counts.set(key, row);
  }
  return [...counts.values()];
}

interface DueRowValue {
  subjectId: string;
  kind: DueItem["kind"];
  what: string;
  date: string;
}

async function dueWork(
  tx: Tx,
  protocol: Protocol,
  subjects: StoredRecord[],
  samples: StoredRecord[],
  siteIds: string[] | undefined,
  today: PlainDate,
): Promise<{ dueToday: DueRowValue[]; overdue: DueRowValue[] }> {
  const administrations = groupBySubject(await listAll(tx, "administration", { siteIds }));
  const visits = groupBySubject(await listAll(tx, "visit", { siteIds }));
  const samplesOf = groupBySubject(samples);
  const arms = new Set(protocol.arms.map((arm) => arm.code));
  const dueToday: DueRowValue[] = [];
  const overdue: DueRowValue[] = [];
  const horizon = addDays(today, -overdueHorizonDays);
  for (const subject of subjects) {
    if (subject.status !== "active" || !arms.has(String(subject.arm))) continue;
    const startDate = String(subject.firstIfnDate ?? subject.enrolmentDate);
    if (startDate > today) continue;
    const recorded = (administrations.get(subject.id) ?? []) as unknown as AdministrationRecord[];
    const skipped = cyclesBeforeWindow(protocol, startDate, horizon, recorded);
    const plan = planCycles(protocol, {
      arm: String(subject.arm),
      startDate: addDays(startDate, skipped * protocol.cycle.lengthDays),
      cycles: Math.floor(daysBetween(startDate, today) / protocol.cycle.lengthDays) + 1 - skipped,
      administrations: recorded,
    });
    const list = dueOn(plan, today, {
      visitDates: (visits.get(subject.id) ?? []).map((visit) => String(visit.visitDate)),
      samples: (samplesOf.get(subject.id) ?? []).map((sample) => ({
        drawnAt: instantOf(sample.drawnAt),
        relation: sample.relation as "pre" | "post" | "routine",
      })),
    });
    for (const item of list.due) dueToday.push(describeDue(subject.id, item, skipped));
    for (const item of list.overdue) {
      const row = describeDue(subject.id, item, skipped);
      if (row.date >= horizon) overdue.push(row);
    }
  }
  return { dueToday, overdue };
}

/**
 * Whole cycles that end before the dashboard's window and can be left out of the plan. Only a
 * recorded delay moves later doses, so without one the cycles before the window are the
 * protocol's own and the plan may start at a later cycle (same weekday: a cycle is whole weeks);
 * with one, the plan starts at cycle 1. This keeps the dashboard of long-treated subjects fast.
 */
function cyclesBeforeWindow(
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

function groupBySubject(rows: StoredRecord[]): Map<string, StoredRecord[]> {
  const groups = new Map<string, StoredRecord[]>();
  for (const row of rows) {
    const key = String(row.subjectId);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

async function alertDraws(
  tx: Tx,
  protocol: Protocol,
  samples: StoredRecord[],
  siteIds: string[] | undefined,
): Promise<AlertDraw[]> {
  const sampleById = new Map(samples.map((sample) => [sample.id, sample]));
  const draws: AlertDraw[] = [];
  for (const analyte of [...protocol.markers.analytes, protocol.treg.analyte]) {
    for (const result of await listAll(tx, "labResult", { siteIds, where: { analyte } })) {
      const sample = sampleById.get(String(result.sampleId));
      if (!sample || typeof result.value !== "number" || result.belowLimit) continue;
      draws.push({
        subjectId: String(sample.subjectId),
        analyte,
        value: result.value,
        unit: String(result.unit),
        drawnAt: instantOf(sample.drawnAt),
        relation: sample.relation as AlertDraw["relation"],
        cycle: typeof sample.cycle === "number" ? sample.cycle : null,
      });
    }
  }
  return draws;
}

/** A stored instant (a Date from the driver, or text) as ISO 8601 UTC. */
function instantOf(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}
