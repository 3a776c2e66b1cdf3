import { useQuery } from "@tanstack/react-query";
import { useSession } from "../session";

interface AllocationRow {
  studyId: string;
  sequence: number;
  subjectId: string;
  pseudonym: string;
  siteCode: string;
  stratum: string;
  arm: string;
  randomizedByName: string;
  randomizedAt: string;
  treatedArm: string | null;
  correctionReason: string | null;
}

/**
 * The allocation list, for the randomization manager only (the server refuses everyone else):
 * every allocation in sequence order, with any correction beside the arm drawn, and its CSV.
 */
export function AllocationsPage() {
  const { api } = useSession();
  const allocations = useQuery({
    queryKey: ["allocations"],
    queryFn: () => api.get<{ items: AllocationRow[] }>("/randomization/allocations"),
  });
  const items = allocations.data?.items ?? [];
  return (
    <div className="allocations-page">
      <h1>Allocations</h1>
      <p>
        <a className="button" href="/api/randomization/allocations/csv" download>
          Download the allocations (CSV)
        </a>
      </p>
      {allocations.isError && (
        <p role="alert" className="form-error">
          {allocations.error.message}
        </p>
      )}
      <section className="panel" aria-labelledby="allocations-title">
        <h2 id="allocations-title">Allocations in sequence order</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Subject</th>
              <th scope="col">Site</th>
              <th scope="col">Stratum</th>
              <th scope="col">Arm drawn</th>
              <th scope="col">Randomized</th>
              <th scope="col">Correction</th>
            </tr>
          </thead>
          <tbody>
            {items.map((row) => (
              <tr key={row.subjectId}>
                <td>{row.sequence}</td>
                <td>{row.pseudonym}</td>
                <td>{row.siteCode}</td>
                <td>{row.stratum}</td>
                <td>{row.arm}</td>
                <td>
                  {row.randomizedAt.replace("T", " ").slice(0, 16)} by {row.randomizedByName}
                </td>
                <td>
                  {row.correctionReason
                    ? `${row.treatedArm ? `follows ${row.treatedArm}: ` : ""}${row.correctionReason}`
                    : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.length === 0 && !allocations.isPending && (
          <p className="empty">No subject is randomized yet.</p>
        )}
      </section>
    </div>
  );
}
