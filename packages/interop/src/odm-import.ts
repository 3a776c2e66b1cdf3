import {
  csvFormats,
  findStudy,
  type ImportCounts,
  type ImportKind,
  importKinds,
  type Result,
  type RowProblem,
  type Tx,
} from "@ciclo/store";
import { XMLParser } from "fast-xml-parser";
import { type ForeignRow, importForeignRows } from "./form-import";
import { odmOid } from "./odm-oids";

/** The elements that may repeat, read as arrays even when one is present. */
const repeated = new Set([
  "SubjectData",
  "StudyEventData",
  "FormData",
  "ItemGroupData",
  "ItemData",
  "Location",
  "ClinicalData",
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  parseTagValue: false,
  processEntities: true,
  removeNSPrefix: true,
  isArray: (name) => repeated.has(name),
});

type Element = Record<string, unknown>;
const all = (element: Element | undefined, name: string) =>
  ((element?.[name] as Element[] | undefined) ?? []) as Element[];

/** The form of each ItemGroupOID, and the column of each ItemOID, as the export names them. */
const formOfGroup = new Map(importKinds.map((kind) => [odmOid.itemGroup(kind), kind]));
const columnOfItem = new Map(
  importKinds.flatMap((kind) =>
    csvFormats[kind].columns.map((column) => [odmOid.item(kind, column.name), column.name]),
  ),
);

/**
 * Imports the clinical data of an ODM 1.3.2 snapshot (as `odmDocument` writes it) into a study
 * that has no subjects yet, in the caller's transaction and all or nothing. Each item group
 * becomes a row of its form and goes through the store's CSV import with all its rules; sites
 * named by the file's Locations (`LOC.<code>`) that the study lacks are created. The audit trail
 * of the new records names the importing user and `reason`; the file's own audit records and
 * signatures stay in the file (a signature is a person's act, never copied).
 *
 * @example
 * const imported = await store.transaction(actor, (tx) =>
 *   importOdm(tx, xml, { studyId, reason: "migrated from the pilot's EDC" }));
 * imported.ok && imported.value[0]; // => { kind: "subjects", rows: 137, … }
 */
export async function importOdm(
  tx: Tx,
  xml: string,
  { studyId, siteIds, reason }: { studyId?: string; siteIds?: string[]; reason: string },
): Promise<Result<ImportCounts[]>> {
  const study = await findStudy(tx, studyId === undefined ? {} : { id: studyId });
  if (!study.ok) return study;
  let document: Element;
  try {
    document = parser.parse(xml, true) as Element;
  } catch (error) {
    return refuse([{ row: 1, field: "(file)", message: `not well-formed XML: ${error}` }]);
  }
  const odm = document.ODM as Element | undefined;
  if (!odm) return refuse([{ row: 1, field: "ODM", message: "the file has no ODM root element" }]);
  if (odm.FileType !== "Snapshot")
    return refuse([
      {
        row: 1,
        field: "FileType",
        message: `FileType is '${String(odm.FileType)}'; import a Snapshot file (export it with --format odm)`,
      },
    ]);
  const existing = await tx.records.list("subject", {
    where: { studyId: study.value.id },
    limit: 1,
  });
  if (existing.length > 0)
    return refuse([
      {
        row: 1,
        field: "studyId",
        message: `study ${study.value.code} already has subjects; import an ODM file into an empty study`,
      },
    ]);
  const sites = await createMissingSites(tx, odm, study.value.id);
  if (!sites.ok) return sites;
  const read = foreignRows(odm);
  if (!read.ok) return read;
  return importForeignRows(tx, read.value, { studyId: study.value.id, siteIds, reason });
}

function refuse(rows: RowProblem[]): { ok: false; problem: import("@ciclo/store").Problem } {
  return {
    ok: false,
    problem: {
      code: "import_rejected",
      message: `the ODM file was not imported: ${rows[0].message}`,
      rows,
    },
  };
}

/** The study's sites, plus those the file's AdminData Locations name that it lacks. */
async function createMissingSites(tx: Tx, odm: Element, studyId: string): Promise<Result<void>> {
  const have = new Set(
    (await tx.records.list("site", { where: { studyId }, limit: 10_000 })).map((site) =>
      String(site.code),
    ),
  );
  for (const admin of [odm.AdminData].flat() as Element[])
    for (const location of all(admin, "Location")) {
      const code = String(location.OID ?? "").replace(/^LOC\./, "");
      if (!code || have.has(code)) continue;
      const created = await tx.records.create("site", {
        studyId,
        code,
        name: String(location.Name ?? code),
      });
      if (!created.ok) return created;
      have.add(code);
    }
  return { ok: true, value: undefined };
}

/**
 * Every item group of the file's ClinicalData as a row of its form, in document order; an item
 * group or item the Ciclo forms do not define is a problem naming where it is.
 */
function foreignRows(odm: Element): Result<ForeignRow[]> {
  const rows: ForeignRow[] = [];
  const problems: RowProblem[] = [];
  let place = 0;
  for (const clinical of all(odm, "ClinicalData"))
    for (const subject of all(clinical, "SubjectData")) {
      const pseudonym = String(subject.SubjectKey ?? "");
      for (const event of all(subject, "StudyEventData"))
        for (const form of all(event, "FormData"))
          for (const group of all(form, "ItemGroupData")) {
            place += 1;
            const oid = String(group.ItemGroupOID ?? "");
            const origin = `SubjectKey ${pseudonym}, ${event.StudyEventOID}${
              event.StudyEventRepeatKey ? `[${event.StudyEventRepeatKey}]` : ""
            }, ${oid}${group.ItemGroupRepeatKey ? `[${group.ItemGroupRepeatKey}]` : ""}`;
            const kind: ImportKind | undefined = formOfGroup.get(oid);
            if (!kind) {
              problems.push({
                row: place,
                field: "ItemGroupOID",
                message: `${origin}: '${oid}' is not a Ciclo form; use one of ${[...formOfGroup.keys()].join(", ")}`,
              });
              continue;
            }
            const values: Record<string, string> = { pseudonym };
            for (const item of all(group, "ItemData")) {
              const column = columnOfItem.get(String(item.ItemOID));
              if (!column || !String(item.ItemOID).startsWith(`${oid.replace(/^IG\./, "IT.")}.`)) {
                problems.push({
                  row: place,
                  field: "ItemOID",
                  message: `${origin}: '${String(item.ItemOID)}' is not an item of ${oid}`,
                });
                continue;
              }
              if (item.Value !== undefined) values[column] = String(item.Value);
            }
            rows.push({ kind, values, origin, line: place });
          }
    }
  if (problems.length > 0) return refuse(problems);
  return { ok: true, value: rows };
}
