import { useQuery } from "@tanstack/react-query";
import { ApiFailure } from "../api-client";
import type { Dashboard, StoredRecord, SubjectCharts } from "../api-types";
import {
  administrationKind,
  adverseEventKind,
  followUpKind,
  labResultKind,
  progressionKind,
  sampleKind,
  visitKind,
} from "../record-fields";
import { useSession } from "../session";
import { catalogueChoices, unitFiller, useCatalogue } from "../use-catalogue";
import { useProtocolDocument } from "../use-protocol";
import { useSubjectRecords } from "../use-subject-records";
import { AppLink } from "./app-link";
import { AuditTrail } from "./audit-trail";
import { CycleTimeline } from "./cycle-timeline";
import { DataEntry } from "./data-entry";
import { ImmunePanelChart } from "./immune-panel-chart";
import { MarkerChart } from "./marker-chart";
import { RandomizePanel } from "./randomize-panel";
import { RecordTable } from "./record-table";
import { ResponseHistory } from "./response-history";
import { SignaturePanel } from "./signature-panel";

/** One subject: her cycles, charts, records with their queries, data entry, signatures, audit. */
export function SubjectPage({ subjectId }: { subjectId: string }) {
  const { api } = useSession();
  const subject = useQuery({
    queryKey: ["subject", subjectId],
    queryFn: () => api.get<StoredRecord>(`/subjects/${encodeURIComponent(subjectId)}`),
  });
  const dashboard = useQuery({
    queryKey: ["dashboard"],
    queryFn: () => api.get<Dashboard>("/dashboard"),
  });
  const subjectRecords = useSubjectRecords(subjectId);
  const records = inTimeOrder(subjectRecords.records);
  const document = useProtocolDocument(subject.data?.studyId);
  const charts = useQuery({
    queryKey: ["subject-charts", subjectId],
    queryFn: () => api.get<SubjectCharts>(`/subjects/${encodeURIComponent(subjectId)}/charts`),
  });
  const catalogue = useCatalogue(subject.data?.studyId);

  if (subject.isPending) return <p className="loading">Loading the subject…</p>;
  if (subject.isError) {
    const notFound = subject.error instanceof ApiFailure && subject.error.status === 404;
    return (
      <div role="alert" className="not-found">
        <h1>{notFound ? "Subject not found" : "The subject could not be read"}</h1>
        <p>{subject.error.message}</p>
        <AppLink to="/">Back to the dashboard</AppLink>
      </div>
    );
  }
  const s = subject.data;
  const site = dashboard.data?.sites.find((each) => each.id === s.siteId);
  const actions = site?.actions ?? [];
  const subjectLocked = records.signatures.some(
    (signature) => signature.entity === "subject" && signature.meaning === "lock",
  );
  const lockedIds = new Set<string>(
    subjectLocked
      ? Object.values(records).flatMap((list) => list.map((record) => record.id))
      : records.signatures.map((signature) => signature.recordId),
  );
  const samplesById = new Map(records.samples.map((sample) => [sample.id, sample]));
  const sampleChoices = records.samples.map((sample) => ({
    value: sample.id,
    label: `${sample.drawnAt.replace("T", " ").slice(0, 16)} ${sample.relation}${sample.cycle ? ` (cycle ${sample.cycle})` : ""}`,
  }));
  const tableProps = {
    actions,
    queries: records.queries,
    lockedIds,
    choices: catalogueChoices(catalogue),
    loading: subjectRecords.loading,
  };
  const response = charts.data?.response;

  return (
    <div className="subject-page">
      <header className="subject-header">
        <h1>
          Subject {s.pseudonym} <span className="badge">{s.status}</span>
          {subjectLocked && <span className="badge">locked</span>}
        </h1>
        <p>
          {site?.name ?? ""} · {s.arm ? `arm ${s.arm}` : "not randomized"} · enrolled{" "}
          {s.enrolmentDate}
          {s.firstIfnDate ? ` · first IFN-β ${s.firstIfnDate}` : ""}
          {s.clinicalBenefitDate ? ` · clinical benefit since ${s.clinicalBenefitDate}` : ""}
          {response?.best ? ` · best overall response ${response.best.response}` : ""}
          {response?.clinicalBenefit
            ? ` · clinical benefit ${response.clinicalBenefit.value ? "yes" : "no"}`
            : ""}
          {!actions.includes("write") && " · read only"}
        </p>
        <nav aria-label="Sections of the subject page" className="section-nav">
          <a href="#timeline">Cycles</a> <a href="#visits">Visits</a> <a href="#markers">Markers</a>{" "}
          <a href="#immune">Immune panel</a> <a href="#records">Doses and labs</a>{" "}
          <a href="#response">Response</a> <a href="#safety">Adverse events</a>{" "}
          <a href="#signatures">Signatures</a> <a href="#audit">Audit trail</a>
        </nav>
      </header>

      {document?.randomization && (
        <RandomizePanel
          subject={s}
          protocol={document}
          canRandomize={actions.includes("randomize") && !subjectLocked}
        />
      )}
      <section id="timeline" className="panel">
        <h2>Cycle timeline</h2>
        <CycleTimeline
          cycles={charts.data?.cycles}
          administrations={records.administrations}
          samples={records.samples}
          assessments={records["response-assessments"]}
        />
      </section>
      <section id="markers" className="panel">
        <h2>Tumor markers</h2>
        {charts.isError && (
          <p role="alert" className="form-error">
            {charts.error.message}
          </p>
        )}
        {charts.data && <MarkerChart chart={charts.data.markers} />}
      </section>
      <section id="immune" className="panel">
        <h2>Immune panel</h2>
        <ImmunePanelChart
          panel={catalogue?.immunePanel ?? []}
          samples={records.samples}
          labResults={records["lab-results"]}
        />
      </section>

      {actions.includes("write") && !subjectLocked && (
        <DataEntry
          subject={s}
          sampleChoices={sampleChoices}
          assessments={records["response-assessments"]}
          catalogue={catalogue}
          protocol={document}
        />
      )}

      <section id="visits" className="panel">
        <h2>Visits</h2>
        <RecordTable
          kind={visitKind}
          records={records.visits}
          {...tableProps}
          columns={[
            { label: "Date", value: (r) => r.visitDate },
            { label: "Visit", value: (r) => r.kind },
            { label: "Notes", value: (r) => r.notes ?? "" },
          ]}
        />
      </section>

      <section id="records" className="panel">
        <h2>Administrations</h2>
        <RecordTable
          kind={administrationKind}
          records={records.administrations}
          {...tableProps}
          columns={[
            { label: "Drug", value: (r) => r.drug },
            { label: "Status", value: (r) => r.status },
            {
              label: "Given at (UTC)",
              value: (r) => r.givenAt?.replace("T", " ").slice(0, 16) ?? r.scheduledDate ?? "",
            },
            {
              label: "Dose",
              value: (r) => (r.dose ? `${r.dose.toLocaleString("en")} ${r.unit ?? ""}` : ""),
            },
            { label: "Route", value: (r) => r.route ?? "" },
            { label: "Cycle/week", value: (r) => (r.cycle ? `${r.cycle}/${r.week ?? "?"}` : "") },
          ]}
        />
        <h2>Samples</h2>
        <RecordTable
          kind={sampleKind}
          records={records.samples}
          {...tableProps}
          columns={[
            { label: "Drawn at (UTC)", value: (r) => r.drawnAt.replace("T", " ").slice(0, 16) },
            { label: "Relation to IL-2", value: (r) => r.relation },
            { label: "Cycle", value: (r) => r.cycle ?? "" },
          ]}
        />
        <h2>Lab results</h2>
        <RecordTable
          kind={labResultKind}
          records={records["lab-results"]}
          {...tableProps}
          choices={{ sampleId: sampleChoices, ...catalogueChoices(catalogue) }}
          fillUnit={unitFiller(catalogue)}
          columns={[
            {
              label: "Drawn",
              value: (r) => samplesById.get(r.sampleId)?.drawnAt.slice(0, 10) ?? "",
            },
            { label: "Relation", value: (r) => samplesById.get(r.sampleId)?.relation ?? "" },
            { label: "Analyte", value: (r) => r.analyte },
            {
              label: "Value",
              value: (r) =>
                r.belowLimit
                  ? "below limit"
                  : r.value === null
                    ? `missing: ${r.missingReason ?? ""}`
                    : `${r.value} ${r.unit}`,
            },
            {
              label: "Range",
              value: (r) =>
                r.referenceLow !== null || r.referenceHigh !== null
                  ? `${r.referenceLow ?? ""}–${r.referenceHigh ?? ""}`
                  : "",
            },
            { label: "Assay", value: (r) => r.assay ?? "" },
          ]}
        />
      </section>

      <section id="response" className="panel">
        <h2>Response history (RECIST)</h2>
        <ResponseHistory
          assessments={records["response-assessments"]}
          lesions={records.lesions}
          tableProps={tableProps}
          response={response}
        />
        <h2>Progression</h2>
        <RecordTable
          kind={progressionKind}
          records={records.progressions}
          {...tableProps}
          columns={[
            { label: "Date", value: (r) => r.progressedOn },
            { label: "Method", value: (r) => r.method },
            { label: "Notes", value: (r) => r.notes ?? "" },
          ]}
        />
      </section>

      <section id="safety" className="panel">
        <h2>Adverse events (CTCAE v5)</h2>
        <RecordTable
          kind={adverseEventKind}
          records={records["adverse-events"]}
          {...tableProps}
          columns={[
            { label: "Term", value: (r) => r.term },
            { label: "Grade", value: (r) => r.grade },
            { label: "Onset", value: (r) => r.onsetDate },
            { label: "Resolved", value: (r) => r.resolutionDate ?? "" },
            { label: "Serious", value: (r) => (r.serious ? "yes" : "no") },
            { label: "IL-2", value: (r) => r.relationIl2 ?? "" },
            { label: "IFN-β", value: (r) => r.relationIfn ?? "" },
          ]}
        />
        <h2>Follow-up</h2>
        <RecordTable
          kind={followUpKind}
          records={records["follow-ups"]}
          {...tableProps}
          columns={[
            { label: "Last contact", value: (r) => r.contactDate },
            { label: "Vital status", value: (r) => r.vitalStatus },
            {
              label: "Death",
              value: (r) => (r.deathDate ? `${r.deathDate} ${r.deathCause ?? ""}` : ""),
            },
          ]}
        />
      </section>

      <section id="signatures" className="panel">
        <h2>Signatures</h2>
        <SignaturePanel
          subject={s}
          signatures={records.signatures}
          actions={actions}
          targets={[
            ...records.visits.map((r) => ({
              entity: "visit",
              recordId: r.id,
              label: `visit of ${r.visitDate} (${r.kind})`,
            })),
            ...records["response-assessments"].map((r) => ({
              entity: "responseAssessment",
              recordId: r.id,
              label: `response assessment of ${r.assessedOn}`,
            })),
            ...records["adverse-events"].map((r) => ({
              entity: "adverseEvent",
              recordId: r.id,
              label: `adverse event ${r.term} of ${r.onsetDate}`,
            })),
            ...records.progressions.map((r) => ({
              entity: "progression",
              recordId: r.id,
              label: `progression of ${r.progressedOn}`,
            })),
          ]}
        />
      </section>
      <section id="audit" className="panel">
        <h2>Audit trail</h2>
        {actions.includes("audit.read") ? (
          <AuditTrail subjectId={s.id} />
        ) : (
          <p className="empty">Your role does not read the audit trail.</p>
        )}
      </section>
    </div>
  );
}

/** Records in the order they happened (the API lists them in the order they were entered). */
function inTimeOrder(records: ReturnType<typeof useSubjectRecords>["records"]) {
  const drawn = new Map(records.samples.map((sample) => [sample.id, String(sample.drawnAt)]));
  const by = (key: (record: StoredRecord) => string) => (a: StoredRecord, b: StoredRecord) =>
    key(a).localeCompare(key(b));
  return {
    ...records,
    administrations: [...records.administrations].sort(
      by((r) => String(r.givenAt ?? r.scheduledDate ?? "")),
    ),
    samples: [...records.samples].sort(by((r) => String(r.drawnAt))),
    "lab-results": [...records["lab-results"]].sort(
      by((r) => `${drawn.get(r.sampleId) ?? ""} ${r.analyte}`),
    ),
    "adverse-events": [...records["adverse-events"]].sort(by((r) => String(r.onsetDate))),
  };
}
