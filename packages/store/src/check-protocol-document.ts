import { parseProtocol } from "@ciclo/trial";
import type { RecordCheck } from "./record-check";

/**
 * A protocol version stores a document the trial engine accepts; each problem names its path
 * inside the document, e.g. `document.arms[1].drugs[0].weekdays`.
 *
 * @example
 * checkProtocolDocument({ document: { arms: [] } });
 * // => { ok: false, problems: [{ field: "document.…", message: "…" }, …] }
 */
export const checkProtocolDocument: RecordCheck = (record) => {
  if (record.document === undefined) return { ok: true, record };
  const parsed = parseProtocol(record.document);
  if (parsed.ok) return { ok: true, record };
  return {
    ok: false,
    problems: parsed.problems.map((problem) => ({
      field: problem.path ? `document.${problem.path}` : "document",
      message: problem.message,
    })),
  };
};
