import type { FieldSpec } from "../record-fields";

type Choice = string | { value: string; label: string };

/** The input, select or checkbox of one field, wired to its label, hint and error. */
export function FieldControl({
  id,
  spec,
  value,
  choices,
  invalid,
  onChange,
}: {
  id: string;
  spec: FieldSpec;
  value: string | boolean;
  choices?: readonly Choice[];
  invalid: boolean;
  onChange: (value: string | boolean) => void;
}) {
  const described = [spec.hint ? `${id}-hint` : "", invalid ? `${id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  const common = {
    id,
    name: spec.name,
    "aria-invalid": invalid || undefined,
    "aria-describedby": described || undefined,
    required: spec.required,
  };
  if (spec.type === "checkbox") {
    return (
      <input
        {...common}
        type="checkbox"
        checked={value === true}
        onChange={(event) => onChange(event.target.checked)}
      />
    );
  }
  if (spec.type === "select") {
    const options = choices ?? spec.options ?? [];
    return (
      <select {...common} value={String(value)} onChange={(event) => onChange(event.target.value)}>
        {!options.some((option) => choiceValue(option) === "") && <option value="">choose…</option>}
        {options.map((option) => (
          <option key={choiceValue(option)} value={choiceValue(option)}>
            {typeof option === "string" ? option || "—" : option.label}
          </option>
        ))}
      </select>
    );
  }
  if (spec.type === "textarea") {
    return (
      <textarea {...common} value={String(value)} onChange={(e) => onChange(e.target.value)} />
    );
  }
  const type = { text: "text", number: "number", date: "date", datetime: "datetime-local" }[
    spec.type
  ];
  return (
    <input
      {...common}
      type={type}
      step={spec.type === "number" ? "any" : undefined}
      value={String(value)}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

function choiceValue(choice: Choice): string {
  return typeof choice === "string" ? choice : choice.value;
}
