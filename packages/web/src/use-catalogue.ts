import { useQuery } from "@tanstack/react-query";
import type { Catalogue } from "./api-types";
import { useSession } from "./session";

/**
 * The catalogue of a study (GET /api/catalogue), or of the study of the user's sites when none
 * is named; undefined until it arrives.
 */
export function useCatalogue(studyId?: string): Catalogue | undefined {
  const { api } = useSession();
  const catalogue = useQuery({
    queryKey: ["catalogue", studyId ?? null],
    queryFn: () =>
      api.get<Catalogue>(
        studyId ? `/catalogue?studyId=${encodeURIComponent(studyId)}` : "/catalogue",
      ),
    staleTime: 5 * 60_000,
  });
  return catalogue.data;
}

/** The form choices the catalogue gives: analytes, arms and drugs. */
export function catalogueChoices(catalogue: Catalogue | undefined) {
  return {
    drug: (catalogue?.drugs ?? []).map((drug) => ({ value: drug, label: drug })),
    analyte: (catalogue?.analytes ?? []).map((a) => ({ value: a.code, label: a.label })),
    arm: (catalogue?.arms ?? []).map((arm) => ({ value: arm.code, label: arm.label })),
  };
}

/** The unit a result of `analyte` is filled in with: the catalogue's own. */
export function unitFiller(catalogue: Catalogue | undefined) {
  return (analyte: string) => catalogue?.analytes.find((a) => a.code === analyte)?.unit;
}
