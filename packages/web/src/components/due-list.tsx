import type { DueRow } from "../api-types";
import { AppLink } from "./app-link";
import { useShownRows } from "./show-more";

const kindWords: Record<DueRow["kind"], [string, string]> = {
  administration: ["dose", "doses"],
  sample: ["draw", "draws"],
  visit: ["visit", "visits"],
};

/**
 * Doses, visits and draws due (or overdue), one row per subject: what is owed and since when.
 * A subject with one item shows it whole, e.g. `il-2 3000000 IU, cycle 1 week 5`. The longest
 * owed first, 15 subjects at a time.
 */
export function DueList({ title, rows }: { title: string; rows: DueRow[] }) {
  const bySubject = new Map<string, DueRow[]>();
  for (const row of rows) {
    const items = bySubject.get(row.subjectId);
    if (items) items.push(row);
    else bySubject.set(row.subjectId, [row]);
  }
  const subjects = [...bySubject.values()]
    .map((items) => ({ items, since: items.map((item) => item.date).sort()[0] }))
    .sort((a, b) => a.since.localeCompare(b.since));
  const { shown, moreButton } = useShownRows(subjects, 15, "subjects", title);
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
            {shown.map(({ items, since }) => (
              <tr key={items[0].subjectId}>
                <td>
                  <AppLink to={`/subjects/${items[0].subjectId}`}>{items[0].pseudonym}</AppLink>
                </td>
                <td>{items.length === 1 ? items[0].what : summary(items)}</td>
                <td>{since}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {moreButton}
    </section>
  );
}

function summary(items: DueRow[]): string {
  return (Object.keys(kindWords) as DueRow["kind"][])
    .map((kind) => {
      const count = items.filter((item) => item.kind === kind).length;
      return count === 0 ? "" : `${count} ${kindWords[kind][count === 1 ? 0 : 1]}`;
    })
    .filter(Boolean)
    .join(", ");
}
