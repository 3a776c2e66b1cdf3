import { usePrefetchQuery, useQuery } from "@tanstack/react-query";
import type { Dashboard } from "../api-types";
import { useSession } from "../session";
import { AlertList } from "./alert-list";
import { DueList } from "./due-list";
import { EnrolSubjectForm } from "./enrol-subject-form";
import { EnrolmentTable } from "./enrolment-table";
import { SubjectList, subjectPageQuery } from "./subject-list";

/**
 * A dashboard read this recently is not asked for again when the page mounts: the application
 * asks for it while the session is read, and a second request at once would double the
 * server's work as the page opens. Saving a record marks every query stale, so the user's own
 * changes still show.
 */
const freshForMs = 10_000;

/** The study dashboard over the user's sites. */
export function DashboardPage() {
  const { api } = useSession();
  const dashboard = useQuery({
    queryKey: ["dashboard"],
    queryFn: () => api.get<Dashboard>("/dashboard"),
    staleTime: freshForMs,
  });
  // The subject list needs the sites' names from the dashboard, but its first page need not
  // wait for them: both requests run together.
  usePrefetchQuery(subjectPageQuery(api, 0));
  if (dashboard.isPending) return <p className="loading">Loading the dashboard…</p>;
  if (dashboard.isError) return <p role="alert">{dashboard.error.message}</p>;
  const data = dashboard.data;
  const writableSites = data.sites.filter((site) => site.actions.includes("write"));
  return (
    <div className="dashboard">
      <h1>Study dashboard</h1>
      <p className="subtitle">
        {data.sites.map((site) => site.name).join(", ") || "No site"} · {data.today}
      </p>
      {data.protocolProblem && (
        <p className="notice" role="alert">
          Nothing is due and no alert is computed: {data.protocolProblem}
        </p>
      )}
      <section className="stat-row" aria-label="Totals">
        <Stat label="Subjects" value={data.subjects} />
        <Stat label="In clinical benefit" value={data.subjectsInClinicalBenefit} />
        <Stat label="Due today" value={data.dueToday.length} />
        <Stat label="Overdue" value={data.overdue.length} warn={data.overdue.length > 0} />
        <Stat label="Open queries" value={data.openQueries} warn={data.openQueries > 0} />
        <Stat label="Alerts" value={data.alerts.length} warn={data.alerts.length > 0} />
      </section>
      <div className="dashboard-grid">
        <AlertList alerts={data.alerts} />
        <EnrolmentTable enrolment={data.enrolment} sites={data.sites} />
        <DueList title="Due today" rows={data.dueToday} />
        <DueList title="Overdue (last 28 days)" rows={data.overdue} />
      </div>
      <SubjectList sites={data.sites} />
      {writableSites.length > 0 && <EnrolSubjectForm sites={writableSites} />}
    </div>
  );
}

function Stat({ label, value, warn }: { label: string; value: number; warn?: boolean }) {
  return (
    <div className={warn ? "stat warn" : "stat"}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
