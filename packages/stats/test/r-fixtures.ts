/**
 * Reading R's reference answers in tests. Fixture numbers use R's conventions: `null` is NA,
 * and the strings "NaN", "Infinity" and "-Infinity" stand for those doubles.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const fixtureDirectory = fileURLToPath(new URL("./fixtures/", import.meta.url));

const special: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
};

/** A fixture file parsed, with R's special doubles restored. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are R's free-form JSON.
export function loadFixture(path: string): any {
  return JSON.parse(readFileSync(fixtureDirectory + path, "utf8"), (_key, value) =>
    typeof value === "string" && value in special ? special[value] : value,
  );
}

export type Column = (number | string | null)[];

/** A CSV fixture (comma-separated, quoted text, no embedded commas) as named columns. */
export function loadCsv(path: string): Record<string, Column> {
  const lines = readFileSync(fixtureDirectory + path, "utf8")
    .trim()
    .split(/\r?\n/);
  const header = lines[0].split(",").map(unquote);
  const columns: Record<string, Column> = Object.fromEntries(header.map((name) => [name, []]));
  for (const line of lines.slice(1)) {
    line.split(",").forEach((cell, j) => {
      columns[header[j]].push(cellValue(cell));
    });
  }
  return columns;
}

function unquote(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1) : cell;
}

function cellValue(cell: string): number | string | null {
  if (cell === "NA" || cell === "") return null;
  if (cell.startsWith('"')) return unquote(cell);
  return Number(cell);
}

/** The rows where none of the named columns is NA (R's na.omit on the variables of a call). */
export function completeRows(
  columns: Record<string, Column>,
  names: string[],
): Record<string, Column> {
  const n = columns[names[0]].length;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (names.every((name) => columns[name][i] !== null)) keep.push(i);
  return Object.fromEntries(
    Object.entries(columns).map(([name, values]) => [name, keep.map((i) => values[i])]),
  );
}

export function numbers(column: Column): number[] {
  return column.map((v) => (v === null ? Number.NaN : Number(v)));
}
