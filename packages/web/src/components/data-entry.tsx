import { useEffect, useState } from "react";
import type { Catalogue, StoredRecord } from "../api-types";
import type { FormValues } from "../form-values";
import {
  administrationKind,
  adverseEventKind,
  baselineKind,
  followUpKind,
  labResultKind,
  lesionKind,
  progressionKind,
  type RecordKind,
  responseAssessmentKind,
  sampleKind,
  visitKind,
} from "../record-fields";
import { catalogueChoices, unitFiller } from "../use-catalogue";
import { RecordForm } from "./record-form";

type Choice = { value: string; label: string };

/** The forms of a subject's records, in the order a cycle produces them. */
const kinds: RecordKind[] = [
  visitKind,
  administrationKind,
  sampleKind,
  labResultKind,
  responseAssessmentKind,
  lesionKind,
  adverseEventKind,
  progressionKind,
  followUpKind,
  baselineKind,
];

/** The record a form needs first: a result's sample, a lesion's assessment. */
const parents: Record<string, { choices: string; missing: string }> = {
  labResult: { choices: "sampleId", missing: "Record the sample first." },
  lesion: { choices: "assessmentId", missing: "Record the assessment first." },
};

/**
 * The data-entry forms of a subject, one open at a time, chosen by its tab. The choices come
 * from the protocol (its visits) and the catalogue (drugs, analytes, CTCAE v5 terms with each
 * grade's definition); a new record may start from a proposal (`start`).
 */
export function DataEntry({
  subject,
  sampleChoices,
  assessments,
  catalogue,
  // biome-ignore lint/suspicious/noExplicitAny: the protocol document is read field by field
  protocol,
  start,
}: {
  subject: StoredRecord;
  sampleChoices: Choice[];
  assessments: StoredRecord[];
  catalogue: Catalogue | undefined;
  protocol: any;
  /** A form to open with values filled in, e.g. an adverse event a lab grade proposes. */
  start?: { entity: string; values: Partial<StoredRecord>; key: string };
}) {
  const [entity, setEntity] = useState(kinds[0].entity);
  const [startKey, setStartKey] = useState<string>();
  useEffect(() => {
    if (!start) return;
    setEntity(start.entity);
    setStartKey(start.key);
  }, [start]);
  const kind = kinds.find((each) => each.entity === entity) ?? kinds[0];
  const starting =
    start && start.key === startKey && start.entity === kind.entity ? start : undefined;
  const visits = visitChoices(protocol, subject.arm);
  const terms = catalogue?.adverseEventTerms ?? [];
  const choices = {
    ...catalogueChoices(catalogue),
    sampleId: sampleChoices,
    assessmentId: assessments.map((a) => ({
      value: a.id,
      label: `${a.assessedOn} ${a.overallResponse}`,
    })),
    // `kind` is a visit's kind; a lesion's kind keeps its own options.
    ...(kind.entity === "visit" ? { kind: visits } : {}),
    term: terms.map((term) => ({ value: term.term, label: `${term.term} (${term.soc})` })),
  };
  const gradesOf = (values: FormValues): Record<string, Choice[]> => {
    const term = terms.find((each) => each.term === values.term);
    if (!term) return {};
    return {
      grade: Object.entries(term.grades).map(([grade, definition]) => ({
        value: grade,
        label: `${grade}: ${definition}`,
      })),
    };
  };
  const parent = parents[kind.entity];
  const parentMissing =
    parent && (choices[parent.choices as keyof typeof choices] ?? []).length === 0;
  const isBaseline = kind === baselineKind;
  return (
    <section className="panel data-entry" aria-labelledby="entry-title">
      <h2 id="entry-title">Record data</h2>
      <div role="tablist" aria-label="Form" className="tabs">
        {kinds.map((each) => (
          <button
            key={each.title}
            type="button"
            role="tab"
            aria-selected={each === kind}
            onClick={() => setEntity(each.entity)}
          >
            {each.title}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={kind.title}>
        {parentMissing ? (
          <p className="empty">{parent.missing}</p>
        ) : (
          <RecordForm
            key={`${kind.title}${starting?.key ?? ""}`}
            kind={kind}
            record={isBaseline ? subject : undefined}
            start={starting?.values}
            fixed={
              kind.entity === "labResult" || kind.entity === "lesion" || isBaseline
                ? {}
                : { subjectId: subject.id }
            }
            choices={choices}
            choicesFor={kind.entity === "adverseEvent" ? gradesOf : undefined}
            fillUnit={unitFiller(catalogue)}
          />
        )}
      </div>
    </section>
  );
}

/** The visits a site records: screening, the protocol's visits of the arm, end of treatment. */
// biome-ignore lint/suspicious/noExplicitAny: the protocol document is read field by field
function visitChoices(protocol: any, arm: string | null): Choice[] {
  const armVisits = (protocol?.arms ?? []).find((each: { code: string }) => each.code === arm)
    ?.visits as { label: string; panels?: string[] }[] | undefined;
  const planned = [...new Map((armVisits ?? []).map((visit) => [visit.label, visit])).values()];
  return [
    { value: "screening", label: "Screening" },
    ...planned.map((visit) => ({
      value: visit.label,
      label: visit.panels?.length ? `${visit.label} (${visit.panels.join(", ")})` : visit.label,
    })),
    { value: "end of treatment", label: "End of treatment" },
    { value: "follow-up", label: "Follow-up" },
  ];
}
