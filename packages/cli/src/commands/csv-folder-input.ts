import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type AnalysisInput,
  analysisInput,
  importCsv,
  importKinds,
  type Result,
  type Store,
} from "@ciclo/store";
import type { Protocol } from "@ciclo/trial";
import { parse } from "csv-parse/sync";
import { terminalActor } from "../open-store";

/**
 * The analysis input of a folder of CSV files: they are read into a throwaway in-memory embedded
 * database (nothing is written to disk, no server runs) through the store's own import, file by
 * file in the import order, so that every check and every derived value is the one a real
 * import gives and the numbers are the same as after importing the files. The study holds the
 * given protocol and one site per site code of subjects.csv.
 *
 * @example
 * const input = await csvFolderInput(await openStore({}), "demo", seedProtocol, undefined);
 * input.ok && input.value.records.subjects.length; // => 137
 */
export async function csvFolderInput(
  store: Store,
  dir: string,
  protocol: Protocol,
  referenceArm: string | undefined,
): Promise<Result<AnalysisInput>> {
  const fileOf = (kind: string) => join(dir, `${kind}.csv`);
  if (!existsSync(fileOf("subjects")))
    return {
      ok: false,
      problem: {
        code: "invalid",
        field: "csv",
        message: `--csv '${dir}' has no subjects.csv; give the folder that \`ciclo simulate\` or an export wrote`,
      },
    };
  const subjectsCsv = readFileSync(fileOf("subjects"));
  const siteCodes = new Set<string>();
  try {
    const rows = parse(subjectsCsv, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
    for (const row of rows as Record<string, string>[])
      if (row.site_code) siteCodes.add(row.site_code);
  } catch {
    // The import below reads the file again and names what is wrong with it.
  }
  return store.transaction(terminalActor(), async (tx): Promise<Result<AnalysisInput>> => {
    const study = await tx.records.create("study", { code: "CSV", title: `CSV files of ${dir}` });
    if (!study.ok) return study;
    const studyId = study.value.id;
    const version = await tx.records.create("protocolVersion", {
      studyId,
      number: 1,
      effectiveDate: protocol.effectiveFrom,
      document: protocol,
    });
    if (!version.ok) return version;
    for (const code of siteCodes) {
      const site = await tx.records.create("site", { studyId, code, name: code });
      if (!site.ok) return site;
    }
    for (const kind of importKinds) {
      if (!existsSync(fileOf(kind))) continue;
      const imported = await importCsv(tx, {
        kind,
        csv: readFileSync(fileOf(kind)),
        studyId,
        reason: `analysis of the CSV folder ${dir}`,
      });
      if (!imported.ok) {
        const rows = imported.problem.rows ?? [];
        const listed = rows
          .slice(0, 5)
          .map((row) => `row ${row.row} ${row.field}: ${row.message}`)
          .join("; ");
        return {
          ok: false,
          problem: {
            ...imported.problem,
            message: `${kind}.csv: ${imported.problem.message}${listed ? ` (${listed}${rows.length > 5 ? "; …" : ""})` : ""}`,
          },
        };
      }
    }
    return analysisInput(tx, studyId, { referenceArm });
  });
}
