import type { SiteAccess } from "../api-types";
import { subjectKindFor } from "../record-fields";
import { navigate } from "../route";
import { useProtocolDocument } from "../use-protocol";
import { RecordForm } from "./record-form";

/**
 * Enrols a subject at one of the sites where the user may write, in the study of those sites.
 * A randomized protocol's form offers no arm: the subject is randomized once enrolled.
 */
export function EnrolSubjectForm({ sites }: { sites: SiteAccess[] }) {
  const studyId = sites[0]?.studyId;
  const studySites = sites.filter((site) => site.studyId === studyId);
  const protocol = useProtocolDocument(studyId);
  if (!studyId || !protocol) return null;
  return (
    <section className="panel" aria-labelledby="enrol-title">
      <h2 id="enrol-title">Enrol a subject</h2>
      {protocol.randomization && (
        <p className="hint">
          This study randomizes: enrol the subject, then randomize her from her page.
        </p>
      )}
      <RecordForm
        kind={subjectKindFor(protocol)}
        fixed={{ studyId }}
        choices={{ siteId: studySites.map((site) => ({ value: site.id, label: site.name })) }}
        onDone={(subject) => navigate(`/subjects/${subject.id}`)}
      />
    </section>
  );
}
