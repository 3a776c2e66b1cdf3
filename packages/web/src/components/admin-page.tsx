import { useQuery } from "@tanstack/react-query";
import type { Page, StoredRecord } from "../api-types";
import { useSession } from "../session";
import { SiteAdmin } from "./site-admin";
import { UserAdmin } from "./user-admin";

/** Administration of the trial: its sites, its users and their roles at each site. */
export function AdminPage() {
  const { api } = useSession();
  const studies = useQuery({
    queryKey: ["studies"],
    queryFn: () => api.get<Page<StoredRecord>>("/studies"),
  });
  const sites = useQuery({
    queryKey: ["sites"],
    queryFn: () => api.get<Page<StoredRecord>>("/sites?limit=1000"),
  });
  const study = studies.data?.items[0];
  return (
    <div className="admin-page">
      <h1>Administration</h1>
      {study && <SiteAdmin studyId={study.id} sites={sites.data?.items ?? []} />}
      <UserAdmin sites={sites.data?.items ?? []} />
    </div>
  );
}
