import { useQuery } from "@tanstack/react-query";
import type { Page, SiteAccess, StoredRecord } from "../api-types";
import { subjectKind } from "../record-fields";
import { navigate } from "../route";
import { useSession } from "../session";
import { catalogueChoices, useCatalogue } from "../use-catalogue";
import { RecordForm } from "./record-form";

/** Enrols a subject at one of the sites where the user may write. */
export function EnrolSubjectForm({ sites }: { sites: SiteAccess[] }) {
  const { api } = useSession();
  const studies = useQuery({
    queryKey: ["studies"],
    queryFn: () => api.get<Page<StoredRecord>>("/studies"),
  });
  const catalogue = useCatalogue();
  const study = studies.data?.items[0];
  if (!study) return null;
  return (
    <section className="panel" aria-labelledby="enrol-title">
      <h2 id="enrol-title">Enrol a subject</h2>
      <RecordForm
        kind={subjectKind}
        fixed={{ studyId: study.id }}
        choices={{
          siteId: sites.map((site) => ({ value: site.id, label: site.name })),
          arm: catalogueChoices(catalogue).arm,
        }}
        onDone={(subject) => navigate(`/subjects/${subject.id}`)}
      />
    </section>
  );
}
