import type { DashboardAlert } from "../api-types";
import { AppLink } from "./app-link";
import { useShownRows } from "./show-more";

const kindLabels: Record<DashboardAlert["kind"], string> = {
  markerSignal: "Marker signal",
  tregIncrease: "Treg increase",
  postIl2Rise: "Marker rise after IL-2",
};

/** The alerts of the user's sites, newest first, each linking to its subject, 10 at a time. */
export function AlertList({ alerts }: { alerts: DashboardAlert[] }) {
  const { shown, moreButton } = useShownRows(alerts, 10, "alerts", "Alerts");
  return (
    <section className="panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      {alerts.length === 0 ? (
        <p className="empty">No alerts.</p>
      ) : (
        <ul className="alert-list">
          {shown.map((alert) => (
            <li key={`${alert.kind}-${alert.subjectId}-${alert.analyte}-${alert.drawnAt}`}>
              <span className={`badge badge-${alert.kind}`}>{kindLabels[alert.kind]}</span>{" "}
              <AppLink to={`/subjects/${alert.subjectId}`}>{alert.pseudonym}</AppLink>:{" "}
              {alert.message}
            </li>
          ))}
        </ul>
      )}
      {moreButton}
    </section>
  );
}
