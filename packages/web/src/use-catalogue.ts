import { useQuery } from "@tanstack/react-query";
import type { Catalogue } from "./api-types";
import { useSession } from "./session";

/** The catalogue of the study (GET /api/catalogue); undefined until it arrives. */
export function useCatalogue(): Catalogue | undefined {
  const { api } = useSession();
  const catalogue = useQuery({
    queryKey: ["catalogue"],
    queryFn: () => api.get<Catalogue>("/catalogue"),
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
