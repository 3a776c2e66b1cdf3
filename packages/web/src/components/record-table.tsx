import { Fragment, type ReactNode, useState } from "react";
import type { StoredRecord } from "../api-types";
import type { RecordKind } from "../record-fields";
import { QueryPanel } from "./query-panel";
import { RecordForm } from "./record-form";

type Choice = string | { value: string; label: string };
const initialRows = 8;

/**
 * A subject's records of one kind, with per-row actions: change (with a reason) for users who
 * may write, and the record's queries. Locked (signed) records say so.
 */
export function RecordTable({
  kind,
  records,
  columns,
  actions,
  queries,
  choices,
  fillUnit,
  lockedIds,
  loading = false,
}: {
  kind: RecordKind;
  records: StoredRecord[];
  columns: { label: string; value: (record: StoredRecord) => ReactNode }[];
  actions: string[];
  queries: StoredRecord[];
  choices?: Record<string, readonly Choice[]>;
  fillUnit?: (analyte: string) => string | undefined;
  lockedIds: Set<string>;
  /** The records are still on their way: say so, never "None recorded." before the answer. */
  loading?: boolean;
}) {
  const [open, setOpen] = useState<{ id: string; what: "change" | "queries" } | null>(null);
  const [showAll, setShowAll] = useState(false);
  const toggle = (id: string, what: "change" | "queries") =>
    setOpen(open?.id === id && open.what === what ? null : { id, what });
  if (loading)
    return (
      <p className="loading" aria-busy="true">
        Loading…
      </p>
    );
  if (records.length === 0) return <p className="empty">None recorded.</p>;
  // Long lists (a subject has 24 doses a cycle) show the latest rows until asked for all.
  const shown = showAll ? records : records.slice(-initialRows);
  return (
    <>
      <div className="table-scroll">
        <table className="record-table">
          <thead>
            <tr>
              {columns.map((column) => (
                <th scope="col" key={column.label}>
                  {column.label}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((record) => {
              const openQueries = queries.filter(
                (query) => query.recordId === record.id && query.status !== "closed",
              ).length;
              return (
                <Fragment key={record.id}>
                  <tr>
                    {columns.map((column) => (
                      <td key={column.label}>{column.value(record)}</td>
                    ))}
                    <td className="row-actions">
                      {lockedIds.has(record.id) && <span className="badge">locked</span>}
                      {actions.includes("write") && !lockedIds.has(record.id) && (
                        <button
                          type="button"
                          aria-expanded={open?.id === record.id && open.what === "change"}
                          onClick={() => toggle(record.id, "change")}
                        >
                          Change
                        </button>
                      )}
                      <button
                        type="button"
                        aria-expanded={open?.id === record.id && open.what === "queries"}
                        onClick={() => toggle(record.id, "queries")}
                      >
                        Queries{openQueries > 0 ? ` (${openQueries} open)` : ""}
                      </button>
                    </td>
                  </tr>
                  {open?.id === record.id && (
                    <tr className="row-detail">
                      <td colSpan={columns.length + 1}>
                        {open.what === "change" ? (
                          <RecordForm
                            kind={kind}
                            record={record}
                            choices={choices}
                            fillUnit={fillUnit}
                          />
                        ) : (
                          <QueryPanel
                            entity={kind.entity}
                            record={record}
                            fields={kind.fields.map((field) => ({
                              value: field.name,
                              label: field.label,
                            }))}
                            queries={queries.filter((query) => query.recordId === record.id)}
                            actions={actions}
                          />
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {records.length > shown.length && (
        <button type="button" className="show-all" onClick={() => setShowAll(true)}>
          Show all {records.length} (latest {shown.length} shown)
        </button>
      )}
    </>
  );
}
