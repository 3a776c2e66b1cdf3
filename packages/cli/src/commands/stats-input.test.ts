import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { completeRows, numericColumn, readCsvColumns, textColumn } from "./stats-input";

const dir = mkdtempSync(join(tmpdir(), "ciclo-stats-input-"));
let files = 0;
function csvFile(text: string | Buffer): string {
  const path = join(dir, `file-${files++}.csv`);
  writeFileSync(path, text);
  return path;
}

function read(text: string | Buffer) {
  const csv = readCsvColumns(csvFile(text));
  if (!csv.ok) throw new Error(csv.message);
  return csv.value;
}

/** The same file with a quoted header, so that csv-parse reads it: the reference. */
function readThroughCsvParse(text: string) {
  const [header, ...rest] = text.split("\n");
  return read([header.replace(/^(\w+)/, '"$1"'), ...rest].join("\n"));
}

describe("the CSV reader of ciclo stats", () => {
  const cells = [
    "12",
    "-0",
    "+7",
    "0.1",
    ".5",
    "5.",
    "1e3",
    "2.5E-4",
    "-3e+2",
    "123456789012345",
    "1234567890123456789",
    "0.30000000000000004",
    "1e-30",
    "4.9e-324",
    "1.7976931348623157e308",
    "0x1F",
    "  42  ",
  ];
  const text = `x,label\n${cells.map((cell, i) => `${cell},L${i % 3}`).join("\n")}\n`;

  it("reads every number as Number(cell) does, whether or not the file has quotes", () => {
    const plain = read(text);
    const parsed = readThroughCsvParse(text);
    const rows = completeRows(plain, ["x"]);
    if (!rows.ok) throw new Error(rows.message);
    const fast = numericColumn(plain, "x", rows.value);
    const reference = numericColumn(parsed, "x", rows.value);
    if (!fast.ok || !reference.ok) throw new Error("not numbers");
    expect(Array.from(fast.value)).toEqual(cells.map((cell) => Number(cell.trim())));
    expect(Object.is(fast.value[1], -0)).toBe(true);
    expect(Array.from(reference.value)).toEqual(Array.from(fast.value));
    expect(textColumn(plain, "label", rows.value)).toEqual(textColumn(parsed, "label", rows.value));
  });

  it("leaves out R's NA cells, skips empty lines, and reads CRLF files with a BOM", () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const csv = read(
      Buffer.concat([bom, Buffer.from("time,arm\r\n1,a\r\n\r\nNA,b\r\n3,\r\n4,NaN\r\n5,é\r\n")]),
    );
    expect(csv.header).toEqual(["time", "arm"]);
    expect(csv.rowCount).toBe(5);
    const rows = completeRows(csv, ["time", "arm"]);
    if (!rows.ok) throw new Error(rows.message);
    expect(Array.from(rows.value)).toEqual([0, 4]);
    expect(textColumn(csv, "arm", rows.value)).toEqual(["a", "é"]);
  });

  it("names the row and the column of a cell that is not a number", () => {
    const csv = read("time,status\n5,1\n7,x1\n9,1\n");
    const rows = completeRows(csv, ["time", "status"]);
    if (!rows.ok) throw new Error(rows.message);
    expect(numericColumn(csv, "status", rows.value)).toEqual({
      ok: false,
      message: "column 'status' has 'x1' on data row 2; give a number",
    });
    const infinite = read("time\n5\nInfinity\n");
    expect(numericColumn(infinite, "time", Int32Array.of(0, 1))).toEqual({
      ok: false,
      message: "column 'time' has 'Infinity' on data row 2; give a number",
    });
  });

  it("words a row with too few cells as csv-parse does", () => {
    const path = csvFile("time,status\n5,1\n7\n");
    const csv = readCsvColumns(path);
    expect(csv.ok).toBe(false);
    if (!csv.ok) {
      expect(csv.message).toContain(`'${path}' is not valid CSV: Invalid Record Length`);
      expect(csv.message).toContain("line 3");
    }
  });

  it("keeps labels with commas inside quotes", () => {
    const csv = read('time,site\n5,"Pisa, Italy"\n7,Lucca\n');
    expect(textColumn(csv, "site", Int32Array.of(0, 1))).toEqual(["Pisa, Italy", "Lucca"]);
  });
});
