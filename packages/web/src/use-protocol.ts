import { useQuery } from "@tanstack/react-query";
import type { Page, StoredRecord } from "./api-types";
import { useSession } from "./session";

/** The parts of the protocol document the pages draw with. */
export interface ProtocolView {
  cutoffs: { analyte: string; value: number; unit: string }[];
  markers: string[];
  tregAnalyte: string;
}

/** The current protocol version's markers and cut-offs (GET /api/protocol-versions). */
export function useProtocol(): ProtocolView | undefined {
  const { api } = useSession();
  const versions = useQuery({
    queryKey: ["protocol-versions"],
    queryFn: () => api.get<Page<StoredRecord>>("/protocol-versions"),
    staleTime: 5 * 60_000,
  });
  const latest = [...(versions.data?.items ?? [])].sort((a, b) => b.number - a.number)[0];
  if (!latest) return undefined;
  const markers = latest.document.markers;
  return {
    cutoffs: markers.cutoffs,
    markers: markers.analytes,
    tregAnalyte: latest.document.treg.analyte,
  };
}
