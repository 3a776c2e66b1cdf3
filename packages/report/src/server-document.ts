import { parseHTML } from "linkedom";
import type { PlotDocument } from "./plot-document";

/**
 * A fresh DOM document for drawing on the server (linkedom), for Plot's `document` option.
 * In the browser pass `window.document` instead.
 *
 * @example
 * renderReport(analyses, { document: serverDocument() });
 */
export function serverDocument(): PlotDocument {
  return parseHTML("<!DOCTYPE html><html><head></head><body></body></html>")
    .document as unknown as PlotDocument;
}
