import { studyProtocol, type Tx } from "@ciclo/store";
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
        const json = await deps.store.transaction(grant.actor, (tx) =>
          dashboardOf(new Scope(tx, grant), today),
        );
        return { json };
      },
    }),
  ];
}

/**
 * The queries of the dashboard, limited to the user's sites. Counts are made by the database;
 * only the subjects on study (status active) are read row by row, with the columns the plan and
 * the alerts use.
 */
class Scope {
  readonly siteIds: readonly string[] | undefined;
  constructor(
    readonly tx: Tx,
    readonly grant: Grant,
  ) {
    this.siteIds = grant.sites === "all" ? undefined : grant.sites;
  }

  /** Rows whose `column` names a site of the user (every row when she sees all sites). */
  // biome-ignore lint/suspicious/noExplicitAny: the store's query builder is untyped (Kysely<any>).
  inSites<Q extends { where: (...args: any[]) => Q }>(query: Q, column: string): Q {
    if (!this.siteIds) return query;
    if (this.siteIds.length === 0) return query.where(column, "=", "");
    return query.where(column, "in", this.siteIds);
  }

  /** The ids of the subjects on study at the user's sites, as a subquery. */
  activeSubjectIds() {
    return this.inSites(
      this.tx.db.selectFrom("subject").select("id").where("status", "=", "active"),
      "siteId",
    );
  }
}

async function dashboardOf(scope: Scope, today: PlainDate) {
  const [sites, enrolment, openQueries, current] = await Promise.all([
    sitesOf(scope),
    enrolmentOf(scope),
    openQueryCount(scope),
    studyProtocol(scope.tx),
  ]);
  // Without a valid protocol there is no plan and no rule: the dashboard says why.
  const protocol = current.ok ? current.value : undefined;
  const active = protocol ? await activeSubjects(scope) : [];
  const pseudonyms = new Map(active.map((subject) => [subject.subjectId, subject.pseudonym ?? ""]));
  const named = <T extends { subjectId: string }>(row: T) => ({
    ...row,
    pseudonym: pseudonyms.get(row.subjectId) ?? "",
  });
  const { dueToday, overdue } = protocol
    ? await dueWork(scope, protocol, active, today)
    : { dueToday: [], overdue: [] };
  const alerts = protocol
    ? dashboardAlerts(protocol, active, await alertResults(scope, protocol))
    : [];
  return {
    today,
    sites,
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

async function sitesOf(scope: Scope) {
  const rows = await scope
    .inSites(scope.tx.db.selectFrom("site").select(["id", "studyId", "code", "name"]), "id")
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
  return rows.map((site: { id: string; studyId: string; code: string; name: string }) => ({
    id: site.id,
    studyId: site.studyId,
    code: site.code,
    name: site.name,
    actions: siteActions.filter((action) =>
      can(scope.grant.actor, action, { kind: "site", siteId: site.id }),
    ),
  }));
}

/** Subjects by site and arm, and of them those on study in clinical benefit (one GROUP BY). */
async function enrolmentOf(scope: Scope) {
  const rows = await scope
    .inSites(scope.tx.db.selectFrom("subject"), "siteId")
    // biome-ignore lint/suspicious/noExplicitAny: the store's query builder is untyped.
    .select((eb: any) => [
      "siteId",
      "arm",
      eb.fn.countAll().as("subjects"),
      eb.fn
        .count(
          eb
            .case()
            .when(eb.and([eb("clinicalBenefitDate", "is not", null), eb("status", "=", "active")]))
            .then(1)
            .end(),
        )
        .as("inClinicalBenefit"),
    ])
    .groupBy(["siteId", "arm"])
    .orderBy("siteId")
    .orderBy("arm")
    .execute();
  return rows.map((row: Record<string, unknown>) => ({
    siteId: String(row.siteId),
    // Subjects of a randomized protocol have no arm until they are randomized.
    arm: row.arm === null ? "not randomized" : String(row.arm),
    subjects: Number(row.subjects),
    inClinicalBenefit: Number(row.inClinicalBenefit),
  }));
}

async function openQueryCount(scope: Scope): Promise<number> {
  const row = await scope
    .inSites(
      scope.tx.db
        .selectFrom("query")
        .innerJoin("subject", "subject.id", "query.subjectId")
        .where("query.status", "=", "open"),
      "subject.siteId",
    )
    // biome-ignore lint/suspicious/noExplicitAny: the store's query builder is untyped.
    .select((eb: any) => eb.fn.countAll().as("count"))
    .executeTakeFirst();
  return Number((row as { count?: unknown } | undefined)?.count ?? 0);
}

/** The subjects on study, with the dates the plan and the Treg baseline and origin read. */
async function activeSubjects(scope: Scope): Promise<SubjectRecord[]> {
  const rows = await scope
    .inSites(scope.tx.db.selectFrom("subject").where("status", "=", "active"), "siteId")
    .select([
      "id",
      "pseudonym",
      "siteId",
      "arm",
      "enrolmentDate",
      "firstIfnDate",
      "clinicalBenefitDate",
      "hormoneTherapyStart",
      "metastasisImagingDate",
      "metastasisMarkerDate",
    ])
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
  return rows.map(
    ({ id, ...subject }: Record<string, unknown>) =>
      ({ ...subject, subjectId: id }) as SubjectRecord,
  );
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
  scope: Scope,
  protocol: Protocol,
  subjects: readonly SubjectRecord[],
  today: PlainDate,
): Promise<{ dueToday: DueRowValue[]; overdue: DueRowValue[] }> {
  const horizon = addDays(today, -overdueHorizonDays);
  const lookBack = dueLookBack(protocol, horizon);
  const [administrations, visits, samples] = await Promise.all([
    administrationsFrom(scope, lookBack.administrationsFrom),
    visitDatesFrom(scope, lookBack.visitsFrom),
    drawsFrom(scope, lookBack.drawsFrom),
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

/**
 * The administrations of the subjects on study that the plans read: those dated from `from`
 * (the earliest first planned cycle), and every one of a subject with a delayed dose.
 */
async function administrationsFrom(
  scope: Scope,
  from: PlainDate,
): Promise<Map<string, AdministrationRecord[]>> {
  const db = scope.tx.db;
  const rows = await db
    .selectFrom("administration")
    .select(["subjectId", "drug", "scheduledDate", "givenAt", "status"])
    .where("subjectId", "in", scope.activeSubjectIds())
    // biome-ignore lint/suspicious/noExplicitAny: the store's query builder is untyped.
    .where((eb: any) =>
      eb.or([
        eb("scheduledDate", ">=", from),
        eb("givenAt", ">=", `${from}T00:00:00Z`),
        eb(
          "subjectId",
          "in",
          db.selectFrom("administration").select("subjectId").where("status", "=", "delayed"),
        ),
      ]),
    )
    .execute();
  return recordsBySubject(
    rows.map(
      (row: Record<string, unknown>) =>
        ({
          ...row,
          givenAt: row.givenAt == null ? null : instantOf(row.givenAt),
        }) as AdministrationRecord,
    ),
  );
}

async function visitDatesFrom(scope: Scope, from: PlainDate): Promise<Map<string, PlainDate[]>> {
  const rows = await scope.tx.db
    .selectFrom("visit")
    .select(["subjectId", "visitDate"])
    .where("subjectId", "in", scope.activeSubjectIds())
    .where("visitDate", ">=", from)
    .execute();
  const dates = new Map<string, PlainDate[]>();
  for (const [subjectId, held] of recordsBySubject<{ subjectId: string; visitDate: string }>(rows))
    dates.set(
      subjectId,
      held.map((visit) => visit.visitDate),
    );
  return dates;
}

async function drawsFrom(scope: Scope, from: PlainDate) {
  const rows = await scope.tx.db
    .selectFrom("sample")
    .select(["subjectId", "drawnAt", "relation"])
    .where("subjectId", "in", scope.activeSubjectIds())
    .where("drawnAt", ">=", `${from}T00:00:00Z`)
    .execute();
  return recordsBySubject(
    rows.map((row: Record<string, unknown>) => ({
      subjectId: String(row.subjectId),
      drawnAt: instantOf(row.drawnAt),
      relation: row.relation as "pre" | "post" | "routine",
    })),
  );
}

/**
 * The results the alerts read, of the subjects on study: the markers and the Treg analyte (with
 * the counts a Treg count is derived from), each with its sample's draw, relation and cycle and
 * the subject's site (cut-offs can be site-specific).
 */
async function alertResults(scope: Scope, protocol: Protocol): Promise<LabResultRecord[]> {
  const query = scope.tx.db
    .selectFrom("lab_result")
    .innerJoin("sample", "sample.id", "lab_result.sampleId")
    .innerJoin("subject", "subject.id", "sample.subjectId")
    .where("subject.status", "=", "active");
  const rows = await scope
    .inSites(query, "subject.siteId")
    .select([
      "sample.subjectId",
      "lab_result.sampleId",
      "sample.drawnAt",
      "sample.relation",
      "sample.cycle",
      "lab_result.analyte",
      "lab_result.value",
      "lab_result.unit",
      "lab_result.assay",
      "lab_result.belowLimit",
      "subject.siteId",
    ])
    .where("lab_result.analyte", "in", alertAnalytes(protocol))
    .where("lab_result.value", "is not", null)
    .execute();
  return rows.map(
    (row: Record<string, unknown>) =>
      ({ ...row, drawnAt: instantOf(row.drawnAt) }) as unknown as LabResultRecord,
  );
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

/** A stored instant (a Date from the driver, or text) as ISO 8601 UTC. */
function instantOf(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}
