import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Page, StoredRecord } from "../api-types";
import { useSession } from "../session";
import { useCatalogue } from "../use-catalogue";
import { type AnalysisChoice, AnalysisControls } from "./analysis-controls";
import { ExportButtons } from "./export-buttons";
import { SurvivalSection } from "./survival-section";

/** Shapes of GET /api/analyses that this page reads (the trial engine's TrialAnalyses). */
export interface TrialAnalysesView {
  title: string;
  subjects: number;
  dataSnapshot: string;
  warnings: string[];
  // biome-ignore lint/suspicious/noExplicitAny: passed whole to the report's plots
  pfs: any;
  // biome-ignore lint/suspicious/noExplicitAny: passed whole to the report's plots
  os: any;
  // biome-ignore lint/suspicious/noExplicitAny: passed whole to the report's plots
  landmark: any;
  methods: { arms: { code: string; label: string; control: boolean }[]; origin: string };
}

/** The query string of a choice, as GET /api/analyses and /api/report.html read it. */
export function analysisQuery(choice: AnalysisChoice, studyId?: string): string {
  const query = new URLSearchParams();
  if (studyId) query.set("studyId", studyId);
  if (choice.origin) query.set("origin", choice.origin);
  if (choice.landmark) query.set("landmark", choice.landmark);
  if (choice.referenceArm) query.set("referenceArm", choice.referenceArm);
  return query.toString();
}

/**
 * The trial's analyses with the report's own plots: Kaplan–Meier curves with risk tables and
 * the hazard ratios, for the origin, landmark and reference arm the user chooses.
 */
export function AnalysisPage() {
  const { api } = useSession();
  const [choice, setChoice] = useState<AnalysisChoice>({
    origin: "",
    landmark: "",
    referenceArm: "",
  });
  const studies = useQuery({
    queryKey: ["studies"],
    queryFn: () => api.get<Page<StoredRecord>>("/studies"),
  });
  // With several studies in the database (the pilot and the phase II), the user picks one.
  const [chosenStudy, setChosenStudy] = useState("");
  const studyItems = studies.data?.items ?? [];
  const studyId =
    studyItems.length > 1 ? chosenStudy || (studyItems[0]?.id as string | undefined) : undefined;
  const query = analysisQuery(choice, studyId);
  const analyses = useQuery({
    queryKey: ["analyses", query],
    queryFn: () => api.get<TrialAnalysesView>(`/analyses${query ? `?${query}` : ""}`),
  });
  const catalogue = useCatalogue(studyId);
  return (
    <div className="analysis-page">
      <h1>Analysis</h1>
      {studyItems.length > 1 && (
        <label className="study-choice">
          Study{" "}
          <select value={studyId} onChange={(event) => setChosenStudy(event.target.value)}>
            {studyItems.map((study) => (
              <option key={study.id} value={study.id}>
                {study.code}: {study.title}
              </option>
            ))}
          </select>
        </label>
      )}
      {catalogue && <AnalysisControls catalogue={catalogue} choice={choice} onChange={setChoice} />}
      <ExportButtons query={query} analyses={analyses.data} />
      {analyses.isPending && <p className="loading">Computing the analyses…</p>}
      {analyses.isError && (
        <p role="alert" className="form-error">
          {analyses.error.message}
        </p>
      )}
      {analyses.data && (
        <>
          <p className="subtitle">
            {analyses.data.subjects} subjects · data snapshot{" "}
            {analyses.data.dataSnapshot.slice(0, 12)}…
          </p>
          {analyses.data.warnings.map((warning) => (
            <p key={warning} className="notice" role="note">
              {warning}
            </p>
          ))}
          <div className="analysis-grid">
            <SurvivalSection title="Clinical benefit duration (PFS)" section={analyses.data.pfs} />
            <SurvivalSection title="Overall survival" section={analyses.data.os} />
          </div>
          {analyses.data.landmark && !analyses.data.landmark.notComputed && (
            <div className="analysis-grid">
              <SurvivalSection title="PFS from the landmark" section={analyses.data.landmark.pfs} />
              <SurvivalSection title="OS from the landmark" section={analyses.data.landmark.os} />
            </div>
          )}
        </>
      )}
    </div>
  );
}
