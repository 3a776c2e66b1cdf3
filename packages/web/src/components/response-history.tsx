import type { StoredRecord, SubjectResponse } from "../api-types";
import { lesionKind, responseAssessmentKind } from "../record-fields";
import { RecordTable } from "./record-table";

/** Response assessments, newest first, each with its lesions (target, non-target, new). */
export function ResponseHistory({
  assessments,
  lesions,
  tableProps,
  response,
}: {
  assessments: StoredRecord[];
  lesions: StoredRecord[];
  tableProps: {
    actions: string[];
    queries: StoredRecord[];
    lockedIds: Set<string>;
    loading?: boolean;
  };
  /** The RECIST 1.1 responses computed from the lesions, best overall response, benefit. */
  response?: SubjectResponse;
}) {
  const sorted = [...assessments].sort((a, b) => b.assessedOn.localeCompare(a.assessedOn));
  const recistOn = new Map(
    (response?.assessments ?? []).map((each) => [each.assessedOn, each.recist]),
  );
  return (
    <>
      {response?.best && (
        <p className="response-summary">
          Best overall response <strong>{response.best.response}</strong>
          {response.clinicalBenefit &&
            ` · clinical benefit ${response.clinicalBenefit.value ? "yes" : "no"} (${response.clinicalBenefit.reason})`}
        </p>
      )}
      <RecordTable
        kind={responseAssessmentKind}
        records={sorted}
        {...tableProps}
        columns={[
          { label: "Assessed on", value: (r) => r.assessedOn },
          { label: "Criteria", value: (r) => r.criteria },
          { label: "Overall response", value: (r) => <strong>{r.overallResponse}</strong> },
          {
            label: "RECIST 1.1 (from lesions)",
            value: (r) => {
              const recist = recistOn.get(r.assessedOn);
              if (!recist) return "";
              return recist === r.overallResponse ? (
                recist
              ) : (
                <span className="badge warning" title="differs from the recorded response">
                  {recist} ≠ recorded
                </span>
              );
            },
          },
          {
            label: "Sum of target diameters",
            value: (r) => {
              const targets = lesions.filter((l) => l.assessmentId === r.id && l.kind === "target");
              return targets.length
                ? `${targets.reduce((sum, l) => sum + (l.diameterMm ?? 0), 0)} mm`
                : "";
            },
          },
          { label: "Method", value: (r) => r.method ?? "" },
        ]}
      />
      <h3>Lesions</h3>
      <RecordTable
        kind={lesionKind}
        records={lesions}
        {...tableProps}
        choices={{
          assessmentId: assessments.map((a) => ({
            value: a.id,
            label: `${a.assessedOn} ${a.overallResponse}`,
          })),
        }}
        columns={[
          {
            label: "Assessment",
            value: (r) => assessments.find((a) => a.id === r.assessmentId)?.assessedOn ?? "",
          },
          { label: "Lesion", value: (r) => r.kind },
          { label: "Location", value: (r) => r.location },
          {
            label: "Diameter",
            value: (r) =>
              r.diameterMm == null ? "" : `${r.diameterMm} mm${r.lymphNode ? " (short axis)" : ""}`,
          },
          { label: "Status", value: (r) => r.status ?? "" },
        ]}
      />
    </>
  );
}
