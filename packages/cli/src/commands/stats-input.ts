/**
 * Reading the CSV files given to `ciclo stats`: named columns, numeric where asked, with R's
 * `na.omit` (a row with a missing value in any used column is left out and counted).
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";

/** A CSV file as text columns keyed by header name. */
export interface CsvColumns {
  header: string[];
  columns: Record<string, string[]>;
  rowCount: number;
}

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Reads a CSV file with a header row into text columns.
 *
 * @example
 * readCsvColumns("aml.csv"); // => { ok: true, value: { header: ["time", …], columns: { time: ["9", …] }, rowCount: 23 } }
 */
export function readCsvColumns(path: string): Read<CsvColumns> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return { ok: false, message: `cannot read '${path}': ${(error as Error).message}` };
  }
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    return { ok: false, message: `'${path}' is not valid CSV: ${(error as Error).message}` };
  }
  if (records.length === 0) return { ok: false, message: `'${path}' is empty; give a header row` };
  const header = records[0];
  const columns: Record<string, string[]> = Object.fromEntries(header.map((name) => [name, []]));
  for (const record of records.slice(1)) {
    header.forEach((name, j) => {
      columns[name].push(record[j] ?? "");
    });
  }
  return { ok: true, value: { header, columns, rowCount: records.length - 1 } };
}

/** Values R reads as NA. */
export function isMissing(cell: string): boolean {
  return cell === "" || cell === "NA" || cell === "NaN";
}

/**
 * The rows usable for an analysis: those with a value in every named column (R's na.omit).
 * Fails with a message when a column is not in the file.
 */
export function completeRows(csv: CsvColumns, names: string[]): Read<number[]> {
  for (const name of names) {
    if (!(name in csv.columns)) {
      return {
        ok: false,
        message: `column '${name}' is not in the file; its columns are ${csv.header.join(", ")}`,
      };
    }
  }
  const rows: number[] = [];
  for (let i = 0; i < csv.rowCount; i++) {
    if (names.every((name) => !isMissing(csv.columns[name][i]))) rows.push(i);
  }
  return { ok: true, value: rows };
}

/**
 * A numeric column restricted to the given rows, or a message naming the first cell that is not
 * a number.
 *
 * @example
 * numericColumn(csv, "time", rows); // => { ok: true, value: Float64Array [9, 13, …] }
 */
export function numericColumn(csv: CsvColumns, name: string, rows: number[]): Read<Float64Array> {
  const cells = csv.columns[name];
  const values = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const value = Number(cells[rows[k]]);
    if (!Number.isFinite(value)) {
      return {
        ok: false,
        message: `column '${name}' has '${cells[rows[k]]}' on data row ${rows[k] + 1}; give a number`,
      };
    }
    values[k] = value;
  }
  return { ok: true, value: values };
}

/** A text column (labels) restricted to the given rows. */
export function textColumn(csv: CsvColumns, name: string, rows: number[]): string[] {
  const cells = csv.columns[name];
  return rows.map((i) => cells[i]);
}

/**
 * Reads the named numeric columns of a CSV file after R's na.omit over all of them: the helper the
 * numeric `ciclo stats` subcommands share.
 *
 * @example
 * readNumericColumns("pairs.csv", ["before", "after"]); // => { ok: true, value: { columns: { before, after }, omitted: 0 } }
 */
export function readNumericColumns(
  path: string,
  names: string[],
): Read<{ columns: Record<string, Float64Array>; omitted: number }> {
  const csv = readCsvColumns(path);
  if (!csv.ok) return csv;
  const rows = completeRows(csv.value, names);
  if (!rows.ok) return rows;
  const columns: Record<string, Float64Array> = {};
  for (const name of names) {
    const column = numericColumn(csv.value, name, rows.value);
    if (!column.ok) return column;
    columns[name] = column.value;
  }
  return { ok: true, value: { columns, omitted: csv.value.rowCount - rows.value.length } };
}
