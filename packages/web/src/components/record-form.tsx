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
 */
export function RecordForm({
  kind,
  fixed = {},
  record,
  choices = {},
  onDone,
  fillUnit,
}: {
  kind: RecordKind;
  /** Fields the form does not show, e.g. `{ subjectId }`. */
  fixed?: Record<string, unknown>;
  /** The stored record being changed; absent for a new one. */
  record?: StoredRecord;
  choices?: Record<string, readonly Choice[]>;
  onDone?: (saved: StoredRecord) => void;
  /** Fills the unit when the analyte is chosen (lab results). */
  fillUnit?: (analyte: string) => string | undefined;
}) {
  const { api, me } = useSession();
  const queryClient = useQueryClient();
  const formId = useId();
  const { kept, record: keepDraft } = useKeptDraft(
    `${me?.username}:${kind.path}:${record?.id ?? JSON.stringify(fixed)}`,
  );
  const [values, setValues] = useState<FormValues>(
    () => kept?.values ?? formValuesOf(kind.fields, record),
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

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    setSavedMessage("");
    try {
      const saved = stored
        ? await api.send<StoredRecord>("PATCH", `/${kind.path}/${stored.id}`, {
            version: stored.version,
            reason,
            changes: changedFields(kind.fields, values, stored),
          })
        : await api.send<StoredRecord>("POST", `/${kind.path}`, {
            ...fixed,
            ...createdBody(kind.fields, values),
          });
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
    failure && !shownFields.has(failure.body.field ?? "") && failure.body.field !== "reason";
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
            const error = failure?.messageFor(field.name);
            return (
              <FormField
                key={field.name}
                id={id}
                label={field.label}
                hint={field.hint}
                required={field.required}
                error={error}
              >
                <FieldControl
                  id={id}
                  spec={field}
                  value={values[field.name]}
                  choices={choices[field.name]}
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
        <div className="form-actions">
          <button type="submit" className="primary">
            {stored ? "Save change" : `Save ${kind.title.toLowerCase()}`}
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
