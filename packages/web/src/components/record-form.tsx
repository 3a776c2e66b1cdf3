import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { ApiFailure } from "../api-client";
import type { StoredRecord } from "../api-types";
import { changedFields, createdBody, type FormValues, formValuesOf } from "../form-values";
import type { RecordKind } from "../record-fields";
import { useSession } from "../session";
import { FieldControl } from "./field-control";
import { FormField } from "./form-field";
import { useKeptDraft } from "./kept-drafts";

type Choice = string | { value: string; label: string };

/**
 * The form of one record kind, to enter a new record or change a stored one.
 *
 * - The API's message about a field appears beside that field.
 * - A change asks for its reason, which goes to the audit trail.
 * - A conflicting change (409) is explained; the user's input stays in the form, and she may
 *   save it over the version now stored.
 * - The edit checks' warnings (422 `confirmation_required`) are listed; she corrects the values,
 *   or confirms them with a reason that the audit trail keeps.
 */
export function RecordForm({
  kind,
  fixed = {},
  record,
  start,
  choices = {},
  onDone,
  fillUnit,
  choicesFor,
}: {
  kind: RecordKind;
  /** Fields the form does not show, e.g. `{ subjectId }`. */
  fixed?: Record<string, unknown>;
  /** The stored record being changed; absent for a new one. */
  record?: StoredRecord;
  /** Values a new record starts from, e.g. an adverse event a lab grade proposes. */
  start?: Partial<StoredRecord>;
  choices?: Record<string, readonly Choice[]>;
  onDone?: (saved: StoredRecord) => void;
  /** Fills the unit when the analyte is chosen (lab results). */
  fillUnit?: (analyte: string) => string | undefined;
  /** Choices that depend on what is typed, e.g. the grades of the CTCAE term chosen. */
  choicesFor?: (values: FormValues) => Record<string, readonly Choice[]>;
}) {
  const { api, me } = useSession();
  const queryClient = useQueryClient();
  const formId = useId();
  const { kept, record: keepDraft } = useKeptDraft(
    `${me?.username}:${kind.path}:${record?.id ?? JSON.stringify(fixed)}`,
  );
  const [values, setValues] = useState<FormValues>(
    () => kept?.values ?? formValuesOf(kind.fields, record ?? start),
  );
  const [reason, setReason] = useState(kept?.reason ?? "");
  // A change kept from an ended session is saved against the version it was typed over.
  const [stored, setStored] = useState(
    record && kept?.version ? { ...record, version: kept.version } : record,
  );
  useEffect(() => {
    const untouched = formValuesOf(kind.fields, stored);
    const changed = reason !== "" || kind.fields.some((f) => values[f.name] !== untouched[f.name]);
    keepDraft({ values, reason, version: stored?.version }, changed);
  });
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [saving, setSaving] = useState(false);
  const [savedMessage, setSavedMessage] = useState("");

  const change = (name: string, value: string | boolean) => {
    setValues((before) => {
      const next = { ...before, [name]: value };
      if (name === "analyte" && fillUnit) next.unit = fillUnit(String(value)) ?? before.unit;
      return next;
    });
  };

  const [confirmation, setConfirmation] = useState("");
  const warnings =
    failure?.body.code === "confirmation_required" ? failure.body.warnings : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    setSavedMessage("");
    // A confirmation answers the warnings shown; new values are checked afresh.
    const confirmed = warnings && confirmation.trim() ? { confirmationReason: confirmation } : {};
    try {
      const saved = stored
        ? await api.send<StoredRecord>("PATCH", `/${kind.path}/${stored.id}`, {
            version: stored.version,
            reason,
            changes: changedFields(kind.fields, values, stored),
            ...confirmed,
          })
        : await api.send<StoredRecord>("POST", `/${kind.path}`, {
            ...fixed,
            ...createdBody(kind.fields, values),
            ...confirmed,
          });
      setConfirmation("");
      await queryClient.invalidateQueries();
      setSavedMessage(`${kind.title} saved.`);
      if (stored) setStored(saved);
      else setValues(formValuesOf(kind.fields));
      setReason("");
      onDone?.(saved);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };

  const takeCurrentVersion = async () => {
    if (!stored) return;
    setStored(await api.get<StoredRecord>(`/${kind.path}/${stored.id}`));
    setFailure(null);
  };

  const conflict = failure?.status === 409;
  const shownFields = new Set(kind.fields.map((field) => field.name));
  const general =
    failure &&
    !warnings &&
    !shownFields.has(failure.body.field ?? "") &&
    failure.body.field !== "reason";
  const allChoices = { ...choices, ...choicesFor?.(values) };
  return (
    <form className="record-form" onSubmit={submit} aria-label={kind.title}>
      <fieldset disabled={saving}>
        <legend>{stored ? `Change ${kind.title.toLowerCase()}` : kind.title}</legend>
        {conflict && (
          <div className="conflict" role="alert">
            <strong>Not saved: this record changed since you opened it.</strong>{" "}
            {failure.body.message} Your input is kept below.{" "}
            {failure.body.code === "stale_version" && (
              <button type="button" onClick={takeCurrentVersion}>
                Save over the current version
              </button>
            )}
          </div>
        )}
        {kept && !savedMessage && (
          <p className="notice" role="status">
            Your input from before the session ended is back; check it and save.
          </p>
        )}
        {general && !conflict && (
          <p className="form-error" role="alert">
            {failure.body.message}
          </p>
        )}
        <div className="field-grid">
          {kind.fields.map((field) => {
            const id = `${formId}-${field.name}`;
            const error = warnings ? undefined : failure?.messageFor(field.name);
            const warning = warnings?.find((each) => each.field === field.name)?.message;
            return (
              <FormField
                key={field.name}
                id={id}
                label={field.label}
                hint={warning ? `⚠ ${warning}` : field.hint}
                required={field.required}
                error={error}
              >
                <FieldControl
                  id={id}
                  spec={field}
                  value={values[field.name]}
                  choices={allChoices[field.name]}
                  invalid={Boolean(error)}
                  onChange={(value) => change(field.name, value)}
                />
              </FormField>
            );
          })}
        </div>
        {stored && (
          <FormField
            id={`${formId}-reason`}
            label="Reason for change"
            required
            hint="kept in the audit trail with the old and new values"
            error={failure?.messageFor("reason")}
          >
            <input
              id={`${formId}-reason`}
              required
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </FormField>
        )}
        {warnings && (
          <div className="edit-warnings" role="alert">
            <strong>Please check before saving:</strong>
            <ul>
              {warnings.map((warning) => (
                <li key={`${warning.check} ${warning.field}`}>{warning.message}</li>
              ))}
            </ul>
            <FormField
              id={`${formId}-confirmation`}
              label="Reason to keep these values"
              hint="correct the values above, or confirm them: the reason goes to the audit trail"
            >
              <input
                id={`${formId}-confirmation`}
                value={confirmation}
                onChange={(event) => setConfirmation(event.target.value)}
              />
            </FormField>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="primary">
            {warnings && confirmation.trim()
              ? "Confirm and save"
              : stored
                ? "Save change"
                : `Save ${kind.title.toLowerCase()}`}
          </button>
          {savedMessage && (
            <span className="saved" role="status">
              {savedMessage}
            </span>
          )}
        </div>
      </fieldset>
    </form>
  );
}
