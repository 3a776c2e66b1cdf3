import { queryOptions, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ApiClient } from "../api-client";
import type { Page, SiteAccess, StoredRecord } from "../api-types";
import { useSession } from "../session";
import { AppLink } from "./app-link";

const pageSize = 25;

/**
 * One page of the subjects of the user's sites. The dashboard asks for the first page early; a
 * page read in the last 10 s is not asked for again as the list mounts (saving a record marks
 * every query stale).
 */
export function subjectPageQuery(api: ApiClient, offset: number) {
  return queryOptions({
    queryKey: ["subjects", offset],
    staleTime: 10_000,
    queryFn: () => api.get<Page<StoredRecord>>(`/subjects?limit=${pageSize}&offset=${offset}`),
  });
}

/** The subjects of the user's sites, a page at a time. */
export function SubjectList({ sites }: { sites: SiteAccess[] }) {
  const { api } = useSession();
  const [offset, setOffset] = useState(0);
  const subjects = useQuery(subjectPageQuery(api, offset));
  const siteName = (id: string) => sites.find((site) => site.id === id)?.name ?? id;
  const items = subjects.data?.items ?? [];
  return (
    <section
      className={subjects.isSuccess ? "panel subject-list-loaded" : "panel"}
      aria-labelledby="subjects-title"
    >
      <h2 id="subjects-title">Subjects</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Pseudonym</th>
            <th scope="col">Site</th>
            <th scope="col">Arm</th>
            <th scope="col">Enrolled</th>
            <th scope="col">Clinical benefit</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((subject) => (
            <tr key={subject.id}>
              <td>
                <AppLink to={`/subjects/${subject.id}`}>{subject.pseudonym}</AppLink>
              </td>
              <td>{siteName(subject.siteId)}</td>
              <td>{subject.arm ?? "not randomized"}</td>
              <td>{subject.enrolmentDate}</td>
              <td>{subject.clinicalBenefitDate ?? "—"}</td>
              <td>{subject.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length === 0 && !subjects.isPending && <p className="empty">No subjects yet.</p>}
      <div className="pager">
        <button
          type="button"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - pageSize))}
        >
          Previous
        </button>
        <span>{items.length > 0 ? `${offset + 1}–${offset + items.length}` : ""}</span>
        <button
          type="button"
          disabled={items.length < pageSize}
          onClick={() => setOffset(offset + pageSize)}
        >
          Next
        </button>
      </div>
    </section>
  );
}
