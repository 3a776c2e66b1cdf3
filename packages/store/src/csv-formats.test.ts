import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { columnDictionary, csvFormats, importKinds } from "./index";

/** The README's table of a kind, generated from the format so the two cannot drift apart. */
function markdownTable(kind: (typeof importKinds)[number]): string {
  const format = csvFormats[kind];
  const rows = format.columns.map(
    (column) =>
      `| \`${column.name}\` | ${column.type} | ${column.required ? "yes" : ""} | ${(column.unit ?? "").replaceAll("|", "\\|")} | ${column.meaning} |`,
  );
  return [
    `### \`${kind}\``,
    "",
    `One row per ${format.entity}; a row repeating (${format.key.join(", ")}) is a duplicate.` +
      (format.notBeforeEnrolment
        ? ` Not before enrolment: ${format.notBeforeEnrolment.join(", ")}.`
        : ""),
    "",
    "| column | type | required | unit or values | meaning |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** Table rows compare cell by cell: the formatter pads cells and widens the `---` rule. */
const normalized = (text: string) =>
  text
    .split("\n")
    .map((line) =>
      line.startsWith("|")
        ? line
            .split(/(?<!\\)\|/)
            .map((cell) => (/^ *-+ *$/.test(cell) ? "---" : cell.trim()))
            .join("|")
        : line,
    )
    .join("\n");

describe("CSV formats", () => {
  const readme = normalized(readFileSync(new URL("../README.md", import.meta.url), "utf8"));

  it.each([...importKinds])(
    "documents %s in the README exactly as the importer reads it",
    (kind) => {
      const table = markdownTable(kind);
      expect(readme.includes(normalized(table)), `README.md should contain:\n\n${table}\n`).toBe(
        true,
      );
    },
  );

  it("prints a column dictionary with name, type, unit and meaning", () => {
    const lines = columnDictionary("lab-results").trim().split("\n");
    expect(lines[0]).toBe("column,type,required,unit_or_values,meaning");
    expect(lines[1]).toBe('pseudonym,text,yes,,"The subject\'s pseudonym, as enrolled"');
    expect(lines).toHaveLength(csvFormats["lab-results"].columns.length + 1);
  });
});
