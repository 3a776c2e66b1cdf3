import type { StoredRecord } from "../api-types";
import type { RecordKind } from "../record-fields";
import { RecordForm } from "./record-form";

const siteKind: RecordKind = {
  entity: "site",
  path: "sites",
  title: "Site",
  fields: [
    { name: "code", label: "Code", type: "text", required: true, hint: "short, e.g. LU" },
    { name: "name", label: "Name", type: "text", required: true },
  ],
};

/** The trial's sites, and a form to add one. */
export function SiteAdmin({ studyId, sites }: { studyId: string; sites: StoredRecord[] }) {
  return (
    <section className="panel" aria-labelledby="sites-title">
      <h2 id="sites-title">Sites</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Name</th>
          </tr>
        </thead>
        <tbody>
          {sites.map((site) => (
            <tr key={site.id}>
              <td>{site.code}</td>
              <td>{site.name}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <RecordForm kind={siteKind} fixed={{ studyId }} />
    </section>
  );
}
