/**
 * CSV injection (OWASP): a spreadsheet runs a cell starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return as a formula, so an exported note could open a link or a command on the
 * reader's machine. Exported text cells starting so get a leading apostrophe, which spreadsheets
 * show as text; the import removes it again, so export → import gives back the same text.
 *
 * Only text columns are neutralized, and a text that is just a number (`-1.5`) is left alone:
 * a spreadsheet reads it as a number, never as a formula. Numeric columns are never touched.
 * Text that already starts with apostrophes before a formula character gets one more, so the
 * mapping stays exact both ways.
 */
const formulaStart = /^'*[=+\-@\t\r]/;
const plainNumber = /^[+-]?\d+(\.\d+)?$/;

/**
 * A text cell as exported: prefixed with `'` when a spreadsheet would run it as a formula.
 *
 * @example
 * neutralizeFormula('=HYPERLINK("http://x")'); // => `'=HYPERLINK("http://x")`
 * neutralizeFormula("-1.5"); // => "-1.5"
 */
export function neutralizeFormula(text: string): string {
  return formulaStart.test(text) && !plainNumber.test(text) ? `'${text}` : text;
}

/**
 * A text cell as imported: the apostrophe `neutralizeFormula` added is removed.
 *
 * @example
 * restoreFormula(`'=HYPERLINK("http://x")`); // => '=HYPERLINK("http://x")'
 */
export function restoreFormula(text: string): string {
  return text.startsWith("'") && formulaStart.test(text) ? text.slice(1) : text;
}
