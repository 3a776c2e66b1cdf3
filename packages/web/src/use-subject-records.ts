import { useQuery } from "@tanstack/react-query";
import type { Page, StoredRecord } from "./api-types";
import { useSession } from "./session";

/** The lists of a subject's records that the subject page shows. */
export const subjectRecordPaths = [
  "administrations",
  "samples",
  "lab-results",
  "response-assessments",
  "lesions",
  "adverse-events",
  "follow-ups",
  "queries",
  "signatures",
  "visits",
  "progressions",
] as const;
export type SubjectRecordPath = (typeof subjectRecordPaths)[number];

/** Every record of one subject, by list path; empty lists until they arrive. */
export function useSubjectRecords(subjectId: string): Record<SubjectRecordPath, StoredRecord[]> {
  const { api } = useSession();
  const lists = useQuery({
    queryKey: ["subject-records", subjectId],
    queryFn: async () => {
      const pages = await Promise.all(
        subjectRecordPaths.map((path) =>
          api.get<Page<StoredRecord>>(
            `/${path}?subjectId=${encodeURIComponent(subjectId)}&limit=1000`,
          ),
        ),
      );
      return Object.fromEntries(subjectRecordPaths.map((path, i) => [path, pages[i].items]));
    },
  });
  const empty = Object.fromEntries(subjectRecordPaths.map((path) => [path, []]));
  return (lists.data ?? empty) as Record<SubjectRecordPath, StoredRecord[]>;
}
