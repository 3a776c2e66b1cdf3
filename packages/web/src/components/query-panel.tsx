import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { ApiFailure } from "../api-client";
import type { StoredRecord } from "../api-types";
import { useSession } from "../session";
import { FormField } from "./form-field";

/**
 * The queries on one record: raise one on a field (data manager, monitor), answer it (site),
 * close it (data manager, monitor). What a user may do comes from her actions at the site.
 */
export function QueryPanel({
  entity,
  record,
  fields,
  queries,
  actions,
}: {
  entity: string;
  record: StoredRecord;
  fields: { value: string; label: string }[];
  queries: StoredRecord[];
  actions: string[];
}) {
  const { api } = useSession();
  const queryClient = useQueryClient();
  const id = useId();
  const [field, setField] = useState(fields[0]?.value ?? "");
  const [text, setText] = useState("");
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  const run = async (work: () => Promise<unknown>) => {
    setFailure(null);
    try {
      await work();
      await queryClient.invalidateQueries();
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      setFailure(error);
    }
  };
  const raise = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api.send("POST", "/queries", { entity, recordId: record.id, field, text });
      setText("");
    });
  };
  const labelOf = (name: string) => fields.find((each) => each.value === name)?.label ?? name;

  return (
    <div className="query-panel">
      <h4>Queries</h4>
      {failure && (
        <p className="form-error" role="alert">
          {failure.message}
        </p>
      )}
      {queries.length === 0 && <p className="empty">No queries on this record.</p>}
      <ul className="query-list">
        {queries.map((query) => (
          <li key={query.id} className={`query query-${query.status}`}>
            <span className="badge">{query.status}</span> <strong>{labelOf(query.field)}</strong>:{" "}
            {query.text}
            {query.answer && <div className="answer">Answer: {query.answer}</div>}
            {query.status === "open" && actions.includes("query.answer") && (
              <form
                className="inline-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  void run(() =>
                    api.send("POST", `/queries/${query.id}/answer`, {
                      version: query.version,
                      answer: answers[query.id] ?? "",
                    }),
                  );
                }}
              >
                <label htmlFor={`${id}-answer-${query.id}`}>Answer</label>
                <input
                  id={`${id}-answer-${query.id}`}
                  value={answers[query.id] ?? ""}
                  onChange={(event) => setAnswers({ ...answers, [query.id]: event.target.value })}
                  required
                />
                <button type="submit">Answer query</button>
              </form>
            )}
            {query.status !== "closed" && actions.includes("query.close") && (
              <button
                type="button"
                onClick={() =>
                  void run(() =>
                    api.send("POST", `/queries/${query.id}/close`, { version: query.version }),
                  )
                }
              >
                Close query
              </button>
            )}
          </li>
        ))}
      </ul>
      {actions.includes("query.raise") && (
        <form className="inline-form" onSubmit={raise} aria-label="Raise a query">
          <FormField id={`${id}-field`} label="Field">
            <select id={`${id}-field`} value={field} onChange={(e) => setField(e.target.value)}>
              {fields.map((each) => (
                <option key={each.value} value={each.value}>
                  {each.label}
                </option>
              ))}
            </select>
          </FormField>
          <FormField
            id={`${id}-text`}
            label="Question to the site"
            error={failure?.messageFor("text")}
          >
            <input
              id={`${id}-text`}
              value={text}
              onChange={(event) => setText(event.target.value)}
              required
            />
          </FormField>
          <button type="submit">Raise query</button>
        </form>
      )}
    </div>
  );
}
