import type { Result, Tx } from "@ciclo/store";
import { fhirBundle } from "./fhir-bundle";
import { odmDocument } from "./odm-export";
import { sdtmDatasets } from "./sdtm-datasets";
import { sdtmFiles } from "./sdtm-files";
import { readStudyData, type StudyData } from "./study-data";

/** The standard formats a study can be exported in. */
export const exportFormats = ["odm", "odm-transactional", "fhir", "sdtm"] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** One file of an export: its name (within the output directory) and its text. */
export interface ExportFile {
  name: string;
  mediaType: string;
  text: string;
}

/**
 * A study in one of the standard formats, as files, read in the caller's transaction: the
 * terminal writes them to disk, the API sends them.
 *
 * @example
 * const files = await store.transaction(actor, (tx) =>
 *   studyExport(tx, "odm", { generatedAt: new Date() }));
 * files.ok && files.value[0].name; // => "CICLO-odm.xml"
 */
export async function studyExport(
  tx: Tx,
  format: ExportFormat,
  { studyId, siteIds, generatedAt }: { studyId?: string; siteIds?: string[]; generatedAt: Date },
): Promise<Result<ExportFile[]>> {
  const read = await readStudyData(tx, { studyId, siteIds });
  if (!read.ok) return read;
  return { ok: true, value: filesOf(read.value, format, generatedAt) };
}

function filesOf(data: StudyData, format: ExportFormat, generatedAt: Date): ExportFile[] {
  const code = data.study.code;
  switch (format) {
    case "odm":
      return [
        {
          name: `${code}-odm.xml`,
          mediaType: "application/xml",
          text: odmDocument(data, { generatedAt }),
        },
      ];
    case "odm-transactional":
      return [
        {
          name: `${code}-odm-transactional.xml`,
          mediaType: "application/xml",
          text: odmDocument(data, { generatedAt, fileType: "Transactional" }),
        },
      ];
    case "sdtm":
      return sdtmFiles(sdtmDatasets(data), { studyCode: code, generatedAt });
    case "fhir":
      return [
        {
          name: `${code}-fhir-bundle.json`,
          mediaType: "application/fhir+json",
          text: JSON.stringify(fhirBundle(data, { generatedAt }), null, 1),
        },
      ];
  }
}
