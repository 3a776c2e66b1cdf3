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

/** Rows per request; a longer list takes more pages, never fewer rows. */
const pageSize = 1000;

/** Every record of one subject, by list path, and whether they are still on their way. */
export function useSubjectRecords(subjectId: string): {
  records: Record<SubjectRecordPath, StoredRecord[]>;
  loading: boolean;
} {
  const { api } = useSession();
  const lists = useQuery({
    queryKey: ["subject-records", subjectId],
    queryFn: async () => {
      const lists = await Promise.all(
        subjectRecordPaths.map(async (path) => {
          const pageAt = (offset: number) =>
            api.get<Page<StoredRecord>>(
              `/${path}?subjectId=${encodeURIComponent(subjectId)}&limit=${pageSize}&offset=${offset}`,
            );
          const first = await pageAt(0);
          const rest = await Promise.all(
            Array.from({ length: Math.ceil(first.total / pageSize) - 1 }, (_, i) =>
              pageAt((i + 1) * pageSize),
            ),
          );
          return [first, ...rest].flatMap((page) => page.items);
        }),
      );
      return Object.fromEntries(subjectRecordPaths.map((path, i) => [path, lists[i]]));
    },
  });
  const empty = Object.fromEntries(subjectRecordPaths.map((path) => [path, []]));
  return {
    records: (lists.data ?? empty) as Record<SubjectRecordPath, StoredRecord[]>,
    loading: lists.isPending,
  };
}
