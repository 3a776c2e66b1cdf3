import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The CDISC ODM 1.3.2 schema (MIT licensed, kept with its licence in the package's schemas/). */
export const odmSchema = resolve(import.meta.dirname, "../schemas/cdisc-odm-1.3.2/ODM1-3-2.xsd");

/**
 * Validates an XML text against a schema with xmllint; returns xmllint's messages ("" when
 * valid).
 */
export function xmllint(xml: string, schema: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "ciclo-xml-")), "file.xml");
  writeFileSync(file, xml);
  try {
    execFileSync("xmllint", ["--noout", "--schema", schema, file], { stdio: "pipe" });
    return "";
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}
