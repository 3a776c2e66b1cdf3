/** What the user chose; empty strings leave the protocol's default. */
export interface AnalysisChoice {
  origin: string;
  landmark: string;
  referenceArm: string;
}

const originLabels: Record<string, string> = {
  hormoneTherapyStart: "start of first-line hormone therapy",
  metastaticDiagnosis: "metastatic diagnosis",
  firstIfn: "first IFN-β dose",
  enrolment: "enrolment",
};

/** The time origin, landmark and reference arm of the analyses, from the protocol's options. */
export function AnalysisControls({
  protocol,
  choice,
  onChange,
}: {
  // biome-ignore lint/suspicious/noExplicitAny: the protocol document as the API returns it
  protocol: any;
  choice: AnalysisChoice;
  onChange: (choice: AnalysisChoice) => void;
}) {
  const origins: string[] = protocol.outcomes.origins;
  const landmarks: number[] = protocol.outcomes.landmarkMonths;
  const arms: { code: string; label: string }[] = protocol.arms;
  return (
    <form
      className="analysis-controls"
      aria-label="Analysis options"
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="field">
        <label htmlFor="analysis-origin">Time origin</label>
        <select
          id="analysis-origin"
          value={choice.origin}
          onChange={(event) => onChange({ ...choice, origin: event.target.value })}
        >
          <option value="">
            protocol default ({originLabels[protocol.outcomes.defaultOrigin]})
          </option>
          {origins.map((origin) => (
            <option key={origin} value={origin}>
              {originLabels[origin] ?? origin}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="analysis-landmark">Landmark (months)</label>
        <input
          id="analysis-landmark"
          type="number"
          min="1"
          step="1"
          list="analysis-landmarks"
          placeholder={String(landmarks[0] ?? "")}
          value={choice.landmark}
          onChange={(event) => onChange({ ...choice, landmark: event.target.value })}
        />
        <datalist id="analysis-landmarks">
          {landmarks.map((months) => (
            <option key={months} value={months} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="analysis-reference">Reference arm</label>
        <select
          id="analysis-reference"
          value={choice.referenceArm}
          onChange={(event) => onChange({ ...choice, referenceArm: event.target.value })}
        >
          <option value="">protocol default</option>
          {arms.map((arm) => (
            <option key={arm.code} value={arm.code}>
              {arm.label}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
