/**
 * @ciclo/interop — Ciclo's data in and out by the standards: CDISC ODM 1.3.2, SDTM with
 * Define-XML 2.1, HL7 FHIR R4 and REDCap, all generated from one description of the study's
 * fields (`describeStudy`), which the store's record registry and the protocol give.
 *
 * Failure contract: what a user's file or request can make fail returns a `Result` with a
 * `Problem` (an import lists every bad row); a thrown Error means a bug.
 */

export { type FhirResource, fhirBundle } from "./fhir-bundle";
export {
  describeStudy,
  type EventDescription,
  type FieldDescription,
  type FormDescription,
  type StudyDescription,
  ucumUnit,
} from "./field-catalogue";
export { type ForeignRow, importForeignRows } from "./form-import";
export { type OdmOptions, odmDocument } from "./odm-export";
export { importOdm } from "./odm-import";
export { importRedcap, type RedcapMapping, redcapMapping } from "./redcap-import";
export { type SdtmDataset, type SdtmVariable, sdtmDatasets, sdtmTestCode } from "./sdtm-datasets";
export { type SdtmFile, sdtmFiles } from "./sdtm-files";
export { readStudyData, type StudyData } from "./study-data";
export { type ExportFile, type ExportFormat, exportFormats, studyExport } from "./study-export";
