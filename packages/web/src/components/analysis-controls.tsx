import type { Catalogue } from "../api-types";

/** What the user chose; empty strings leave the protocol's default. */
export interface AnalysisChoice {
  origin: string;
  landmark: string;
  referenceArm: string;
}

/** The time origin, landmark and reference arm of the analyses, from the protocol's options. */
export function AnalysisControls({
  catalogue,
  choice,
  onChange,
}: {
  catalogue: Catalogue;
  choice: AnalysisChoice;
  onChange: (choice: AnalysisChoice) => void;
}) {
  const { origins, defaultOrigin, landmarkMonths: landmarks } = catalogue.analysis;
  const arms = catalogue.arms;
  const originLabel = (code: string) => origins.find((o) => o.code === code)?.label ?? code;
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
          <option value="">protocol default ({originLabel(defaultOrigin)})</option>
          {origins.map((origin) => (
            <option key={origin.code} value={origin.code}>
              {origin.label}
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
