import type { Dashboard, SiteAccess } from "../api-types";

/** Subjects enrolled, one row per site and one column per arm. */
export function EnrolmentTable({
  enrolment,
  sites,
}: {
  enrolment: Dashboard["enrolment"];
  sites: SiteAccess[];
}) {
  const arms = [...new Set(enrolment.map((row) => row.arm))].sort();
  const count = (siteId: string, arm: string) =>
    enrolment.find((row) => row.siteId === siteId && row.arm === arm)?.subjects ?? 0;
  return (
    <section className="panel" aria-labelledby="enrolment-title">
      <h2 id="enrolment-title">Enrolment by site and arm</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Site</th>
            {arms.map((arm) => (
              <th scope="col" key={arm}>
                {arm}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {sites.map((site) => (
            <tr key={site.id}>
              <th scope="row">{site.name}</th>
              {arms.map((arm) => (
                <td key={arm}>{count(site.id, arm)}</td>
              ))}
              <td>{arms.reduce((sum, arm) => sum + count(site.id, arm), 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
