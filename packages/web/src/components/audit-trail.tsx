import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSession } from "../session";

interface AuditEvent {
  seq: number;
  occurredAt: string;
  actorName: string;
  action: string;
  entity: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
}

/** Every change to the subject's records: who, when (UTC), old and new value, and why. */
export function AuditTrail({ subjectId }: { subjectId: string }) {
  const { api } = useSession();
  const [shown, setShown] = useState(15);
  const trail = useQuery({
    queryKey: ["audit", subjectId],
    queryFn: () => api.get<AuditEvent[]>(`/subjects/${subjectId}/audit`),
  });
  if (trail.isPending) return <p className="loading">Loading the audit trail…</p>;
  if (trail.isError) return <p role="alert">{trail.error.message}</p>;
  const events = [...trail.data].sort((a, b) => b.seq - a.seq);
  return (
    <>
      <div className="table-scroll">
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">Did</th>
              <th scope="col">Record</th>
              <th scope="col">Field</th>
              <th scope="col">Old</th>
              <th scope="col">New</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {events.slice(0, shown).map((event) => (
              <tr key={event.seq}>
                <td>{event.occurredAt.replace("T", " ").slice(0, 19)}</td>
                <td>{event.actorName}</td>
                <td>{event.action}</td>
                <td>{event.entity}</td>
                <td>{event.field === "*" ? "whole record" : event.field}</td>
                <td className="audit-value" title={event.oldValue ?? ""}>
                  {shortened(event.oldValue)}
                </td>
                <td className="audit-value" title={event.newValue ?? ""}>
                  {shortened(event.newValue)}
                </td>
                <td>{event.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {events.length > shown && (
        <button type="button" onClick={() => setShown(shown + 100)}>
          Show older changes ({events.length - shown} more)
        </button>
      )}
    </>
  );
}

/** A value as the table shows it: a whole record created or deleted is long, so it is cut. */
function shortened(value: string | null): string {
  if (value === null) return "";
  return value.length > 80 ? `${value.slice(0, 77)}…` : value;
}
