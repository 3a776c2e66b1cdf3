import type { ImportKind } from "@ciclo/store";

/**
 * The OIDs Ciclo gives the parts of an ODM file. The export writes them and the import reads
 * them, so both take them from here.
 */
export const odmOid = {
  study: (code: string) => `ST.${code}`,
  metaDataVersion: (protocolId: string, version: string) => `MDV.${protocolId}.${version}`,
  event: (code: string) => `SE.${code}`,
  form: (form: ImportKind) => `F.${upper(form)}`,
  itemGroup: (form: ImportKind) => `IG.${upper(form)}`,
  item: (form: ImportKind, column: string) => `IT.${upper(form)}.${column.toUpperCase()}`,
  codeList: (form: ImportKind, column: string) => `CL.${upper(form)}.${column.toUpperCase()}`,
  unit: (unit: string) => `MU.${unit.replace(/[^A-Za-z0-9]+/g, "_")}`,
  user: (name: string) => `USR.${name}`,
  location: (siteCode: string) => `LOC.${siteCode}`,
  signature: (meaning: string) => `SD.${meaning.toUpperCase()}`,
};

const upper = (form: string) => form.toUpperCase().replace(/-/g, "_");

/** The ODM 1.3 namespace. */
export const odmNamespace = "http://www.cdisc.org/ns/odm/v1.3";
