import type { DueRow } from "../api-types";
import { AppLink } from "./app-link";

/** Doses, visits and draws due (or overdue), by subject. */
export function DueList({ title, rows }: { title: string; rows: DueRow[] }) {
  const shown = rows.slice(0, 50);
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="empty">Nothing.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Subject</th>
              <th scope="col">What</th>
              <th scope="col">Date</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={`${row.subjectId}-${row.kind}-${row.what}-${row.date}`}>
                <td>
                  <AppLink to={`/subjects/${row.subjectId}`}>{row.pseudonym}</AppLink>
                </td>
                <td>{row.what}</td>
                <td>{row.date}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > shown.length && <p className="more">and {rows.length - shown.length} more</p>}
    </section>
  );
}
