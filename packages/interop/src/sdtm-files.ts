import { stringify } from "csv-stringify/sync";
import type { SdtmDataset } from "./sdtm-datasets";
import { XmlElement, xmlText } from "./xml-element";

/** The files of a study's SDTM: per dataset Dataset-JSON 1.1 and CSV, and one Define-XML 2.1. */
export interface SdtmFile {
  name: string;
  mediaType: string;
  text: string;
}

const sdtmigVersion = "3.4";

/**
 * SDTM datasets as CDISC Dataset-JSON 1.1 (`dm.json`, …) and CSV (`dm.csv`, …), with the
 * Define-XML 2.1 (`define.xml`) that describes them: one ItemGroupDef per dataset with its
 * keys, one ItemDef per variable with its type and label, its core as Mandatory.
 *
 * @example
 * sdtmFiles(sdtmDatasets(data), { studyCode: "CICLO", generatedAt }).map((file) => file.name);
 * // => ["dm.json", "dm.csv", "suppdm.json", …, "define.xml"]
 */
export function sdtmFiles(
  datasets: SdtmDataset[],
  { studyCode, generatedAt }: { studyCode: string; generatedAt: Date },
): SdtmFile[] {
  const stamp = generatedAt.toISOString();
  const studyOid = `ST.${studyCode}`;
  const mdvOid = `MDV.${studyCode}.SDTMIG.${sdtmigVersion}`;
  const files: SdtmFile[] = [];
  for (const dataset of datasets) {
    const name = dataset.domain.toLowerCase();
    const json = {
      datasetJSONCreationDateTime: stamp,
      datasetJSONVersion: "1.1.0",
      fileOID: `${studyOid}.${dataset.domain}`,
      originator: "Ciclo",
      sourceSystem: { name: "Ciclo", version: "1" },
      studyOID: studyOid,
      metaDataVersionOID: mdvOid,
      metaDataRef: "define.xml",
      itemGroupOID: `IG.${dataset.domain}`,
      records: dataset.rows.length,
      name: dataset.domain,
      label: dataset.label,
      columns: dataset.variables.map((variable) => ({
        itemOID: `IT.${dataset.domain}.${variable.name}`,
        name: variable.name,
        label: variable.label,
        dataType: variable.type,
        ...(dataset.keys.includes(variable.name)
          ? { keySequence: dataset.keys.indexOf(variable.name) + 1 }
          : {}),
      })),
      rows: dataset.rows.map((row) =>
        dataset.variables.map((variable) => row[variable.name] ?? null),
      ),
    };
    files.push({ name: `${name}.json`, mediaType: "application/json", text: JSON.stringify(json) });
    files.push({
      name: `${name}.csv`,
      mediaType: "text/csv",
      text: stringify(
        dataset.rows.map((row) => dataset.variables.map((variable) => row[variable.name] ?? "")),
        { header: true, columns: dataset.variables.map((variable) => variable.name) },
      ),
    });
  }
  files.push({
    name: "define.xml",
    mediaType: "application/xml",
    text: defineXml(datasets, { studyOid, mdvOid, studyCode, stamp }),
  });
  return files;
}

const defineTypes = {
  string: "text",
  integer: "integer",
  float: "float",
  date: "date",
  datetime: "datetime",
} as const;

function defineXml(
  datasets: SdtmDataset[],
  ids: { studyOid: string; mdvOid: string; studyCode: string; stamp: string },
): string {
  const odm = new XmlElement("ODM", {
    xmlns: "http://www.cdisc.org/ns/odm/v1.3",
    "xmlns:def": "http://www.cdisc.org/ns/def/v2.1",
    "xmlns:xlink": "http://www.w3.org/1999/xlink",
    ODMVersion: "1.3.2",
    FileType: "Snapshot",
    FileOID: `${ids.studyOid}.DEFINE`,
    CreationDateTime: ids.stamp,
    Originator: "Ciclo",
    "def:Context": "Submission",
  });
  const study = odm.ele("Study", { OID: ids.studyOid });
  const globals = study.ele("GlobalVariables");
  globals.ele("StudyName").txt(ids.studyCode);
  globals.ele("StudyDescription").txt(ids.studyCode);
  globals.ele("ProtocolName").txt(ids.studyCode);
  const mdv = study.ele("MetaDataVersion", {
    OID: ids.mdvOid,
    Name: `${ids.studyCode} SDTM`,
    "def:DefineVersion": "2.1.0",
  });
  mdv.ele("def:Standards").ele("def:Standard", {
    OID: "STD.SDTMIG",
    Name: "SDTMIG",
    Type: "IG",
    Version: sdtmigVersion,
    Status: "Final",
  });
  for (const dataset of datasets) {
    const group = mdv.ele("ItemGroupDef", {
      OID: `IG.${dataset.domain}`,
      Domain: dataset.domain.replace(/^SUPP/, "") === dataset.domain ? dataset.domain : undefined,
      Name: dataset.domain,
      SASDatasetName: dataset.domain,
      Repeating: dataset.domain === "DM" ? "No" : "Yes",
      IsReferenceData: "No",
      Purpose: "Tabulation",
      "def:Structure":
        dataset.domain === "DM"
          ? "One record per subject"
          : `One record per ${dataset.keys.slice(2).join(", ").toLowerCase() || "record"} per subject`,
      "def:Class": dataset.class,
      "def:StandardOID": "STD.SDTMIG",
      "def:ArchiveLocationID": `LF.${dataset.domain}`,
    });
    group.ele("Description").ele("TranslatedText", { "xml:lang": "en" }).txt(dataset.label);
    dataset.variables.forEach((variable, index) => {
      group.ele("ItemRef", {
        ItemOID: `IT.${dataset.domain}.${variable.name}`,
        OrderNumber: index + 1,
        Mandatory: variable.core === "Req" ? "Yes" : "No",
        KeySequence: dataset.keys.includes(variable.name)
          ? dataset.keys.indexOf(variable.name) + 1
          : undefined,
      });
    });
    group
      .ele("def:leaf", {
        ID: `LF.${dataset.domain}`,
        "xlink:href": `${dataset.domain.toLowerCase()}.json`,
      })
      .ele("def:title")
      .txt(`${dataset.domain.toLowerCase()}.json`);
  }
  for (const dataset of datasets)
    for (const variable of dataset.variables) {
      const item = mdv.ele("ItemDef", {
        OID: `IT.${dataset.domain}.${variable.name}`,
        Name: variable.name,
        SASFieldName: variable.name,
        DataType: defineTypes[variable.type],
        Length: variable.type === "string" || variable.type === "integer" ? 200 : undefined,
      });
      item.ele("Description").ele("TranslatedText", { "xml:lang": "en" }).txt(variable.label);
    }
  return xmlText(odm);
}
