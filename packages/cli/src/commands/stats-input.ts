/**
 * Reading the CSV files given to `ciclo stats`: named columns, numeric where asked, with R's
 * `na.omit` (a row with a missing value in any used column is left out and counted).
 *
 * A file without quotes (what R's write.csv(quote = FALSE), spreadsheets and `ciclo simulate`
 * write for numbers and plain labels) is read as bytes: one pass finds where each cell starts and
 * ends, and a column is read only when a command asks for it, straight into a Float64Array, with
 * no string per cell; labels are decoded once per distinct value. A file with quotes, or with a
 * row whose cells do not match the header, goes through csv-parse, which also words the error.
 * Both give the same values: a cell is read as JavaScript's `Number(cell)` reads it.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";

/** A CSV file's columns keyed by header name, each read only when asked. */
export interface CsvColumns {
  header: string[];
  columns: Record<string, CsvColumn>;
  rowCount: number;
}

/** One column of a CSV file. Rows count from 0, the first row after the header. */
export interface CsvColumn {
  /** The cell's text, trimmed; "" for a row that ends before the column. */
  text(row: number): string;
  /** Sets `flags[row]` to 1 for every row whose cell R reads as NA ("", "NA", "NaN"). */
  markMissing(flags: Uint8Array): void;
  /** `Number(cell)` at the given rows, or the first of them that is not a finite number. */
  numbers(rows: Int32Array): Float64Array | { badRow: number };
  /** The cells' texts at the given rows, one string per distinct text. */
  texts(rows: Int32Array): string[];
}

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Reads a CSV file with a header row.
 *
 * @example
 * const csv = readCsvColumns("aml.csv"); // => { ok: true, value: { header: ["time", …], columns: { time, … }, rowCount: 23 } }
 * csv.value.columns.time.text(0); // => "9"
 */
export function readCsvColumns(path: string): Read<CsvColumns> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { ok: false, message: `cannot read '${path}': ${(error as Error).message}` };
  }
  const table = bytes.includes(quote) ? undefined : scanPlainCsv(bytes);
  if (table) return { ok: true, value: table };
  let records: string[][];
  try {
    records = parse(bytes.toString("utf8"), { skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    return { ok: false, message: `'${path}' is not valid CSV: ${(error as Error).message}` };
  }
  if (records.length === 0) return { ok: false, message: `'${path}' is empty; give a header row` };
  const header = records[0];
  const columns: Record<string, CsvColumn> = Object.fromEntries(
    header.map((name, j) => [name, new ParsedColumn(records, j)]),
  );
  return { ok: true, value: { header, columns, rowCount: records.length - 1 } };
}

/**
 * The rows usable for an analysis: those with a value in every named column (R's na.omit).
 * Fails with a message when a column is not in the file.
 */
export function completeRows(csv: CsvColumns, names: string[]): Read<Int32Array> {
  for (const name of names) {
    if (!(name in csv.columns)) {
      return {
        ok: false,
        message: `column '${name}' is not in the file; its columns are ${csv.header.join(", ")}`,
      };
    }
  }
  const missing = new Uint8Array(csv.rowCount);
  for (const name of names) csv.columns[name].markMissing(missing);
  let count = 0;
  for (let i = 0; i < missing.length; i++) count += missing[i] ^ 1;
  const rows = new Int32Array(count);
  for (let i = 0, k = 0; i < missing.length; i++) if (missing[i] === 0) rows[k++] = i;
  return { ok: true, value: rows };
}

/**
 * A numeric column restricted to the given rows, or a message naming the first cell that is not
 * a number.
 *
 * @example
 * numericColumn(csv, "time", rows); // => { ok: true, value: Float64Array [9, 13, …] }
 */
export function numericColumn(csv: CsvColumns, name: string, rows: Int32Array): Read<Float64Array> {
  const column = csv.columns[name];
  const values = column.numbers(rows);
  if (values instanceof Float64Array) return { ok: true, value: values };
  return {
    ok: false,
    message: `column '${name}' has '${column.text(values.badRow)}' on data row ${values.badRow + 1}; give a number`,
  };
}

/** A text column (labels) restricted to the given rows. */
export function textColumn(csv: CsvColumns, name: string, rows: Int32Array): string[] {
  return csv.columns[name].texts(rows);
}

/** Every row of a file, for a command that uses them all. */
export function allRows(csv: CsvColumns): Int32Array {
  const rows = new Int32Array(csv.rowCount);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  return rows;
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

/** Values R reads as NA. */
function isMissing(cell: string): boolean {
  return cell === "" || cell === "NA" || cell === "NaN";
}

/** A column of a file that csv-parse read (one with quotes, or irregular). */
class ParsedColumn implements CsvColumn {
  constructor(
    private readonly records: string[][],
    private readonly index: number,
  ) {}

  text(row: number): string {
    return this.records[row + 1][this.index] ?? "";
  }

  markMissing(flags: Uint8Array): void {
    for (let row = 0; row < flags.length; row++) if (isMissing(this.text(row))) flags[row] = 1;
  }

  numbers(rows: Int32Array): Float64Array | { badRow: number } {
    const values = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const value = Number(this.text(rows[k]));
      if (!Number.isFinite(value)) return { badRow: rows[k] };
      values[k] = value;
    }
    return values;
  }

  texts(rows: Int32Array): string[] {
    return Array.from(rows, (row) => this.text(row));
  }
}

const quote = 0x22;
const comma = 0x2c;
const newline = 0x0a;
const carriageReturn = 0x0d;
const space = 0x20;
const tab = 0x09;

/**
 * The cells of a file without quotes, as byte offsets, or undefined when a row's cells do not
 * match the header (csv-parse then reads it and words the error). Follows csv-parse's options
 * above: a leading BOM is skipped, cells are trimmed, empty lines skipped.
 */
function scanPlainCsv(bytes: Buffer): CsvColumns | undefined {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // The header: the first line that is not empty.
  let header: string[] | undefined;
  while (at < bytes.length && header === undefined) {
    const found = bytes.indexOf(newline, at);
    const lineEnd = found === -1 ? bytes.length : found;
    const line = bytes.toString("utf8", at, lineEnd).replace(/\r$/, "");
    at = lineEnd + 1;
    if (line.length > 0) header = line.split(",").map((name) => name.trim());
  }
  if (header === undefined) return undefined;
  const width = header.length;
  const cells = new Int32Array(2 * width * (countNewlines(bytes, at) + 1));
  // A plain Uint8Array view: the loops index it faster than the Buffer subclass.
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const rows = cellBounds(view, at, width, cells);
  if (rows < 0) return undefined;
  const columns: Record<string, CsvColumn> = Object.fromEntries(
    header.map((name, j) => [name, new ScannedColumn(bytes, view, cells, width, j, rows)]),
  );
  return { header, columns, rowCount: rows };
}

function countNewlines(bytes: Buffer, from: number): number {
  let count = 0;
  for (let i = bytes.indexOf(newline, from); i !== -1; i = bytes.indexOf(newline, i + 1)) count++;
  return count;
}

/**
 * Fills `cells` with each cell's trimmed [start, end) byte offsets, row by row, in one pass;
 * returns the number of rows, or −1 when a row does not have `width` cells. Every branch of the
 * loop runs from the first rows on, so the optimizing compiler has what it needs at once.
 */
function cellBounds(bytes: Uint8Array, from: number, width: number, cells: Int32Array): number {
  const end = bytes.length;
  let rows = 0;
  let column = 0;
  let cellStart = from;
  let slot = 0;
  for (let i = from; i <= end; i++) {
    const byte = i < end ? bytes[i] : newline;
    if (byte !== comma && byte !== newline) continue;
    let s = cellStart;
    let e = i;
    cellStart = i + 1;
    if (byte === newline) {
      if (e > s && bytes[e - 1] === carriageReturn) e--;
      if (column === 0 && e === s) continue;
    }
    if (column === width) return -1;
    while (s < e && (bytes[s] === space || bytes[s] === tab)) s++;
    while (e > s && (bytes[e - 1] === space || bytes[e - 1] === tab)) e--;
    cells[slot++] = s;
    cells[slot++] = e;
    column++;
    if (byte === newline) {
      if (column !== width) return -1;
      column = 0;
      rows++;
    }
  }
  return rows;
}

/** Exact powers of ten: a double holds 10^k exactly up to k = 22. */
const powersOfTen = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A column of a file without quotes: its cells' byte offsets, at `2 * (row * width + index)`
 * (start) and the next slot (end) of the file's cell table.
 */
class ScannedColumn implements CsvColumn {
  constructor(
    private readonly buffer: Buffer,
    private readonly bytes: Uint8Array,
    private readonly cells: Int32Array,
    private readonly width: number,
    private readonly index: number,
    private readonly rows: number,
  ) {}

  private start(row: number): number {
    return this.cells[2 * (row * this.width + this.index)];
  }

  private end(row: number): number {
    return this.cells[2 * (row * this.width + this.index) + 1];
  }

  text(row: number): string {
    return this.buffer.toString("utf8", this.start(row), this.end(row));
  }

  markMissing(flags: Uint8Array): void {
    const bytes = this.bytes;
    for (let row = 0; row < this.rows; row++) {
      const s = this.start(row);
      const length = this.end(row) - s;
      if (
        length === 0 ||
        (bytes[s] === 0x4e &&
          ((length === 2 && bytes[s + 1] === 0x41) ||
            (length === 3 && bytes[s + 1] === 0x61 && bytes[s + 2] === 0x4e)))
      ) {
        flags[row] = 1;
      }
    }
  }

  numbers(rows: Int32Array): Float64Array | { badRow: number } {
    const values = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k];
      let value = this.decimal(this.start(row), this.end(row));
      if (Number.isNaN(value)) value = Number(this.text(row));
      if (!Number.isFinite(value)) return { badRow: row };
      values[k] = value;
    }
    return values;
  }

  /**
   * A plain decimal (`-12.5`, `3e-4`) of at most 15 significant digits and a power of ten within
   * ±22, or NaN for anything else (read then by `Number`). Digits and power are exact doubles,
   * so the one multiplication or division rounds correctly: the value is `Number(cell)`'s.
   */
  private decimal(start: number, end: number): number {
    const bytes = this.bytes;
    let i = start;
    const negative = bytes[i] === 0x2d;
    if (negative || bytes[i] === 0x2b) i++;
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    while (i < end && bytes[i] >= 0x30 && bytes[i] <= 0x39) {
      mantissa = mantissa * 10 + (bytes[i++] - 0x30);
      digits++;
    }
    if (i < end && bytes[i] === 0x2e) {
      i++;
      while (i < end && bytes[i] >= 0x30 && bytes[i] <= 0x39) {
        mantissa = mantissa * 10 + (bytes[i++] - 0x30);
        digits++;
        scale--;
      }
    }
    if (digits === 0 || digits > 15) return Number.NaN;
    if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
      i++;
      const negativeExponent = bytes[i] === 0x2d;
      if (negativeExponent || bytes[i] === 0x2b) i++;
      let exponent = 0;
      let exponentDigits = 0;
      while (i < end && bytes[i] >= 0x30 && bytes[i] <= 0x39 && exponentDigits < 4) {
        exponent = exponent * 10 + (bytes[i++] - 0x30);
        exponentDigits++;
      }
      if (exponentDigits === 0) return Number.NaN;
      scale += negativeExponent ? -exponent : exponent;
    }
    if (i !== end || scale < -22 || scale > 22) return Number.NaN;
    const value = scale < 0 ? mantissa / powersOfTen[-scale] : mantissa * powersOfTen[scale];
    return negative ? -value : value;
  }

  texts(rows: Int32Array): string[] {
    // Labels repeat: decode each distinct byte sequence once, found by a hash of its bytes.
    const bytes = this.bytes;
    const byHash = new Map<number, number[]>();
    const labels: string[] = [];
    const labelRows: number[] = [];
    const texts = new Array<string>(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k];
      const s = this.start(row);
      const e = this.end(row);
      let hash = 0x811c9dc5;
      for (let i = s; i < e; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
      let candidates = byHash.get(hash);
      if (candidates === undefined) {
        candidates = [];
        byHash.set(hash, candidates);
      }
      let found = -1;
      for (let c = 0; c < candidates.length && found < 0; c++) {
        const other = labelRows[candidates[c]];
        if (sameBytes(bytes, this.start(other), this.end(other), s, e)) found = candidates[c];
      }
      if (found < 0) {
        found = labels.length;
        labels.push(this.buffer.toString("utf8", s, e));
        labelRows.push(row);
        candidates.push(found);
      }
      texts[k] = labels[found];
    }
    return texts;
  }
}

/** Whether two byte ranges of a buffer hold the same bytes. */
function sameBytes(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number) {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (bytes[aStart + i] !== bytes[bStart + i]) return false;
  return true;
}
