import { useState } from "react";
import type { StoredRecord } from "../api-types";
import {
  administrationKind,
  adverseEventKind,
  followUpKind,
  labResultKind,
  lesionKind,
  type RecordKind,
  responseAssessmentKind,
  sampleKind,
} from "../record-fields";
import { catalogueChoices, unitFiller, useCatalogue } from "../use-catalogue";
import { RecordForm } from "./record-form";

type Choice = { value: string; label: string };
const kinds: RecordKind[] = [
  administrationKind,
  sampleKind,
  labResultKind,
  responseAssessmentKind,
  lesionKind,
  adverseEventKind,
  followUpKind,
];

/** The data-entry forms of a subject; one is open at a time, chosen by its tab. */
export function DataEntry({
  subject,
  sampleChoices,
  assessments,
}: {
  subject: StoredRecord;
  sampleChoices: Choice[];
  assessments: StoredRecord[];
}) {
  const [entity, setEntity] = useState(kinds[0].entity);
  const kind = kinds.find((each) => each.entity === entity)!;
  const catalogue = useCatalogue();
  const choices = {
    ...catalogueChoices(catalogue),
    sampleId: sampleChoices,
    assessmentId: assessments.map((a) => ({
      value: a.id,
      label: `${a.assessedOn} ${a.overallResponse}`,
    })),
  };
  const parentMissing =
    (entity === "labResult" && sampleChoices.length === 0) ||
    (entity === "lesion" && assessments.length === 0);
  return (
    <section className="panel data-entry" aria-labelledby="entry-title">
      <h2 id="entry-title">Record data</h2>
      <div role="tablist" aria-label="Form" className="tabs">
        {kinds.map((each) => (
          <button
            key={each.entity}
            type="button"
            role="tab"
            aria-selected={each.entity === entity}
            onClick={() => setEntity(each.entity)}
          >
            {each.title}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={kind.title}>
        {parentMissing ? (
          <p className="empty">
            {entity === "labResult" ? "Record the sample first." : "Record the assessment first."}
          </p>
        ) : (
          <RecordForm
            key={kind.entity}
            kind={kind}
            fixed={
              kind.entity === "labResult" || kind.entity === "lesion"
                ? {}
                : { subjectId: subject.id }
            }
            choices={choices}
            fillUnit={unitFiller(catalogue)}
          />
        )}
      </div>
    </section>
  );
}
