import { useQuery } from "@tanstack/react-query";
import type { Page, StoredRecord } from "./api-types";
import { useSession } from "./session";

/**
 * The document of the protocol version in force (the highest number) of one study, or of any
 * study while the database holds one (GET /api/protocol-versions).
 */
// biome-ignore lint/suspicious/noExplicitAny: the document is read field by field
export function useProtocolDocument(studyId?: string): any {
  const { api } = useSession();
  const versions = useQuery({
    queryKey: ["protocol-versions"],
    queryFn: () => api.get<Page<StoredRecord>>("/protocol-versions"),
    staleTime: 5 * 60_000,
  });
  const ofStudy = (versions.data?.items ?? []).filter(
    (version) => studyId === undefined || version.studyId === studyId,
  );
  return [...ofStudy].sort((a, b) => b.number - a.number)[0]?.document;
}
