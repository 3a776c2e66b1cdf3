import { type AuditEvent, camel, type EntityName, type StoredRecord, snake } from "@ciclo/store";
import {
  enrolmentEvent,
  type FieldDescription,
  onStudyEvent,
  type StudyDescription,
  unscheduledEvent,
  visitEventCode,
} from "./field-catalogue";
import { odmNamespace, odmOid } from "./odm-oids";
import type { FormRow, StudyData } from "./study-data";
import { XmlElement, xmlText } from "./xml-element";

export interface OdmOptions {
  /** Snapshot (the data as they are, each value with its last audit record) or Transactional. */
  fileType?: "Snapshot" | "Transactional";
  /** The file's creation instant; passed in so that the same data give the same file. */
  generatedAt: Date;
}

/** The ODM data type of each registry column type. */
const dataTypes = {
  text: "text",
  integer: "integer",
  number: "float",
  boolean: "boolean",
  date: "date",
  instant: "datetime",
} as const;

/** What each signature meaning says, as ODM's SignatureDef states it. */
const signatureMeanings: Record<string, string> = {
  author: "I am the author of these data and attest that they are accurate.",
  review: "I have reviewed these data.",
  approval: "I approve these data.",
  lock: "These data are complete and locked against change.",
};

/**
 * The study as a CDISC ODM 1.3.2 document: `Study` with the metadata generated from the field
 * catalogue (an event per protocol visit, forms, item groups, items with units and code lists),
 * `AdminData` (users and sites, and the meanings of signatures) and `ClinicalData`.
 *
 * A Snapshot holds every current value, keyed by pseudonym, event, form and the row's place in
 * its form (ordered by the form's key columns); each value carries the audit record of its last
 * change (who, when, why) and each row the latest signature of its record. A Transactional file
 * replays the audit trail instead: one `SubjectData` per audited change, in sequence order, its
 * item groups keyed by record id and marked Insert, Update or Remove.
 *
 * @example
 * const data = await store.transaction(actor, (tx) => readStudyData(tx, { studyId }));
 * data.ok && odmDocument(data.value, { generatedAt: new Date() }); // => '<?xml version="1.0"…<ODM …'
 */
export function odmDocument(
  data: StudyData,
  { fileType = "Snapshot", generatedAt }: OdmOptions,
): string {
  const { description } = data;
  const studyOid = odmOid.study(data.study.code);
  const mdvOid = odmOid.metaDataVersion(description.protocol.id, description.protocol.version);
  const stamp = generatedAt.toISOString();
  const root = new XmlElement("ODM", {
    xmlns: odmNamespace,
    FileType: fileType,
    Granularity: "All",
    FileOID: `${studyOid}.${fileType}.${stamp}`,
    CreationDateTime: stamp,
    ODMVersion: "1.3.2",
    Originator: "Ciclo",
    SourceSystem: "Ciclo",
  });
  writeStudy(root, data, studyOid, mdvOid);
  writeAdminData(root, data, studyOid, mdvOid, description.protocol.effectiveFrom);
  const clinical = root.ele("ClinicalData", { StudyOID: studyOid, MetaDataVersionOID: mdvOid });
  if (fileType === "Snapshot") writeSnapshot(clinical, data);
  else writeTransactions(clinical, data);
  return xmlText(root);
}

function text(parent: XmlElement, name: string, words: string) {
  parent.ele(name).ele("TranslatedText", { "xml:lang": "en" }).txt(words);
}

function writeStudy(root: XmlElement, data: StudyData, studyOid: string, mdvOid: string) {
  const { description } = data;
  const study = root.ele("Study", { OID: studyOid });
  const globals = study.ele("GlobalVariables");
  globals.ele("StudyName").txt(data.study.code);
  globals.ele("StudyDescription").txt(data.study.title);
  globals.ele("ProtocolName").txt(`${description.protocol.id} ${description.protocol.version}`);
  const basic = study.ele("BasicDefinitions");
  for (const unit of units(description))
    basic
      .ele("MeasurementUnit", { OID: odmOid.unit(unit), Name: unit })
      .ele("Symbol")
      .ele("TranslatedText", { "xml:lang": "en" })
      .txt(unit);
  const mdv = study.ele("MetaDataVersion", {
    OID: mdvOid,
    Name: `${description.protocol.title} (version ${description.protocol.version})`,
  });
  const protocol = mdv.ele("Protocol");
  description.events.forEach((event, index) => {
    protocol.ele("StudyEventRef", {
      StudyEventOID: odmOid.event(event.code),
      OrderNumber: index + 1,
      Mandatory: event.code === enrolmentEvent ? "Yes" : "No",
    });
  });
  for (const event of description.events) {
    const def = mdv.ele("StudyEventDef", {
      OID: odmOid.event(event.code),
      Name: event.label,
      Repeating: event.repeating ? "Yes" : "No",
      Type: event.type,
    });
    const when =
      event.cycleWeek !== undefined ? ` (cycle week ${event.cycleWeek}, day ${event.weekday})` : "";
    text(def, "Description", `${event.label}${when}`);
    event.forms.forEach((form, index) => {
      def.ele("FormRef", { FormOID: odmOid.form(form), OrderNumber: index + 1, Mandatory: "No" });
    });
  }
  for (const form of description.forms) {
    const def = mdv.ele("FormDef", {
      OID: odmOid.form(form.form),
      Name: form.label,
      Repeating: form.repeating ? "Yes" : "No",
    });
    def.ele("ItemGroupRef", { ItemGroupOID: odmOid.itemGroup(form.form), Mandatory: "Yes" });
  }
  for (const form of description.forms) {
    const def = mdv.ele("ItemGroupDef", {
      OID: odmOid.itemGroup(form.form),
      Name: form.label,
      Repeating: form.repeating ? "Yes" : "No",
      Domain: form.fields.find((field) => field.sdtm)?.sdtm?.split(".")[0],
    });
    form.fields.forEach((field, index) => {
      def.ele("ItemRef", {
        ItemOID: odmOid.item(form.form, field.column),
        OrderNumber: index + 1,
        Mandatory: field.required ? "Yes" : "No",
      });
    });
  }
  for (const form of description.forms)
    for (const field of form.fields) writeItemDef(mdv, field, description);
  for (const form of description.forms)
    for (const field of form.fields) if (field.codeList) writeCodeList(mdv, field, description);
}

/** Every unit an item may be measured in: the fields' own and the analyte catalogue's. */
function units(description: StudyDescription): string[] {
  const all = description.forms.flatMap((form) => form.fields.map((field) => field.unit));
  for (const analyte of description.analytes) all.push(analyte.unit);
  return [...new Set(all.filter((unit): unit is string => unit !== undefined))].sort();
}

function writeItemDef(mdv: XmlElement, field: FieldDescription, description: StudyDescription) {
  const def = mdv.ele("ItemDef", {
    OID: odmOid.item(field.form, field.column),
    Name: field.column,
    DataType: dataTypes[field.type],
    SDSVarName: field.sdtm?.split(".")[1],
  });
  text(def, "Description", field.label);
  text(def, "Question", field.label);
  if (field.unit) def.ele("MeasurementUnitRef", { MeasurementUnitOID: odmOid.unit(field.unit) });
  // A result's unit is that of its analyte: the value item lists every analyte unit.
  if (field.form === "lab-results" && field.column === "value")
    for (const unit of new Set(description.analytes.map((analyte) => analyte.unit)))
      def.ele("MeasurementUnitRef", { MeasurementUnitOID: odmOid.unit(unit) });
  if (field.codeList)
    def.ele("CodeListRef", { CodeListOID: odmOid.codeList(field.form, field.column) });
  if (field.sdtm) def.ele("Alias", { Context: "SDTM", Name: field.sdtm });
}

function writeCodeList(mdv: XmlElement, field: FieldDescription, description: StudyDescription) {
  const list = mdv.ele("CodeList", {
    OID: odmOid.codeList(field.form, field.column),
    Name: `${field.form} ${field.column}`,
    DataType: "text",
  });
  const loinc = new Map(description.analytes.map((analyte) => [analyte.code, analyte.loinc]));
  field.codeList?.forEach((value, index) => {
    const item = list.ele("EnumeratedItem", { CodedValue: value, OrderNumber: index + 1 });
    const code = field.column === "analyte" ? loinc.get(value) : undefined;
    if (code)
      item.ele("Alias", { Context: code.startsWith("local:") ? "Local" : "LOINC", Name: code });
  });
}

function writeAdminData(
  root: XmlElement,
  data: StudyData,
  studyOid: string,
  mdvOid: string,
  effectiveDate: string,
) {
  const admin = root.ele("AdminData", { StudyOID: studyOid });
  for (const user of usersOf(data)) {
    const element = admin.ele("User", { OID: odmOid.user(user.username) });
    element.ele("LoginName").txt(user.username);
    element.ele("DisplayName").txt(user.displayName);
  }
  for (const site of data.sites)
    admin
      .ele("Location", {
        OID: odmOid.location(String(site.code)),
        Name: String(site.name),
        LocationType: "Site",
      })
      .ele("MetaDataVersionRef", {
        StudyOID: studyOid,
        MetaDataVersionOID: mdvOid,
        EffectiveDate: effectiveDate,
      });
  for (const [meaning, words] of Object.entries(signatureMeanings)) {
    const def = admin.ele("SignatureDef", {
      OID: odmOid.signature(meaning),
      Methodology: "Electronic",
    });
    def.ele("Meaning").txt(words);
    def.ele("LegalReason").txt("21 CFR Part 11 electronic signature, linked to its record");
  }
}

/**
 * The study's users, and every other name the audit trail or a signature gives (the system,
 * a terminal user, an importer), so that each UserRef names a User of the file.
 */
function usersOf(data: StudyData): { username: string; displayName: string }[] {
  const users = new Map<string, { username: string; displayName: string }>(
    data.users.map((user) => [user.username, user]),
  );
  for (const events of data.audit.values())
    for (const event of events)
      if (!users.has(event.actorName))
        users.set(event.actorName, { username: event.actorName, displayName: event.actorName });
  for (const signatures of data.signatures.values())
    for (const signature of signatures) {
      const name = signerOf(signature, data);
      if (!users.has(name)) users.set(name, { username: name, displayName: name });
    }
  return [...users.values()].sort((a, b) => a.username.localeCompare(b.username));
}

function signerOf(signature: StoredRecord, data: StudyData): string {
  const user = data.users.find((each) => each.id === signature.signerId);
  return user?.username ?? String(signature.signerName ?? signature.signerId);
}

/** The event a row belongs to. */
function eventOf(row: FormRow, data: StudyData): string {
  if (row.form === "subjects") return enrolmentEvent;
  if (row.form !== "visits") return onStudyEvent;
  const visit = visitEventCode(String(row.values.kind));
  return data.description.events.some((event) => event.code === visit) ? visit : unscheduledEvent;
}

/** A value as ODM writes it: text; null when empty. */
function odmValue(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  return String(value);
}

function writeSnapshot(clinical: XmlElement, data: StudyData) {
  const siteCode = new Map(data.sites.map((site) => [site.id, String(site.code)]));
  for (const subject of data.subjects) {
    const location = odmOid.location(siteCode.get(String(subject.siteId)) ?? "");
    const element = clinical.ele("SubjectData", { SubjectKey: String(subject.pseudonym) });
    element.ele("SiteRef", { LocationOID: location });
    const rows = data.rows.filter((row) => row.subjectId === subject.id);
    const lastChange = lastChanges(data.audit.get(subject.id) ?? []);
    const signatures = latestSignatures(data.signatures.get(subject.id) ?? []);
    const events = new Map<string, FormRow[]>();
    for (const row of rows) {
      const event = eventOf(row, data);
      const list = events.get(event) ?? [];
      list.push(row);
      events.set(event, list);
    }
    for (const event of data.description.events) {
      const eventRows = events.get(event.code) ?? [];
      if (eventRows.length === 0) continue;
      // A repeating visit event holds one visit per occurrence; the others hold every row.
      const occurrences = event.repeating ? eventRows.map((row) => [row]) : [eventRows];
      occurrences.forEach((occurrence, index) => {
        const eventData = element.ele("StudyEventData", {
          StudyEventOID: odmOid.event(event.code),
          StudyEventRepeatKey: event.repeating ? index + 1 : undefined,
        });
        for (const form of event.forms) {
          const formRows = occurrence.filter((row) => row.form === form);
          if (formRows.length === 0) continue;
          const formData = eventData.ele("FormData", { FormOID: odmOid.form(form) });
          formRows.forEach((row, place) => {
            const group = formData.ele("ItemGroupData", {
              ItemGroupOID: odmOid.itemGroup(form),
              ItemGroupRepeatKey: form === "subjects" ? undefined : place + 1,
            });
            const signature = signatures.get(row.record.id);
            if (signature) writeSignature(group, signature, data, location);
            writeItems(
              group,
              row,
              data,
              (column) => {
                const source = row.sources[column];
                return (
                  lastChange.get(`${source.id}|${camel(column)}`) ??
                  lastChange.get(`${source.id}|*`)
                );
              },
              location,
            );
          });
        }
      });
    }
  }
}

function writeItems(
  group: XmlElement,
  row: FormRow,
  data: StudyData,
  auditOf: (column: string) => AuditEvent | undefined,
  location: string,
) {
  const form = data.description.forms.find((each) => each.form === row.form);
  for (const field of form?.fields ?? []) {
    const value = odmValue(row.values[field.column]);
    if (value === null) continue;
    const item = group.ele("ItemData", {
      ItemOID: odmOid.item(row.form, field.column),
      Value: value,
    });
    const event = auditOf(field.column);
    if (event) writeAuditRecord(item, event, location);
    const unit = field.unit ?? (field.column === "value" ? odmValue(row.values.unit) : null);
    if (unit && (field.unit || data.description.analytes.some((a) => a.unit === unit)))
      item.ele("MeasurementUnitRef", { MeasurementUnitOID: odmOid.unit(unit) });
  }
}

function writeAuditRecord(parent: XmlElement, event: AuditEvent, location: string) {
  const record = parent.ele("AuditRecord");
  record.ele("UserRef", { UserOID: odmOid.user(event.actorName) });
  record.ele("LocationRef", { LocationOID: location });
  record.ele("DateTimeStamp").txt(new Date(event.occurredAt).toISOString());
  if (event.reason) record.ele("ReasonForChange").txt(event.reason);
  record.ele("SourceID").txt(`audit:${event.seq}`);
}

function writeSignature(
  parent: XmlElement,
  signature: StoredRecord,
  data: StudyData,
  location: string,
) {
  const element = parent.ele("Signature");
  element.ele("UserRef", { UserOID: odmOid.user(signerOf(signature, data)) });
  element.ele("LocationRef", { LocationOID: location });
  element.ele("SignatureRef", { SignatureOID: odmOid.signature(String(signature.meaning)) });
  element
    .ele("DateTimeStamp")
    .txt(new Date(String(signature.signedAt ?? signature.createdAt)).toISOString());
}

/** The last audit event of each record's field (`id|field`), and of its creation (`id|*`). */
function lastChanges(events: AuditEvent[]): Map<string, AuditEvent> {
  const last = new Map<string, AuditEvent>();
  for (const event of events) last.set(`${event.recordId}|${event.field}`, event);
  return last;
}

/** The latest signature of each signed record. */
function latestSignatures(signatures: StoredRecord[]): Map<string, StoredRecord> {
  const latest = new Map<string, StoredRecord>();
  for (const signature of signatures) latest.set(String(signature.recordId), signature);
  return latest;
}

/** The forms an entity's fields appear in, and under which columns. */
function formsOfEntity(data: StudyData, entity: EntityName) {
  return data.description.forms
    .map((form) => ({
      form: form.form,
      columns: form.fields.filter((field) => field.entity === entity).map((f) => f.column),
      own: form.entity === entity,
    }))
    .filter((each) => each.columns.length > 0);
}

/**
 * The audit trail as ODM transactions: each audited change of a record that a form holds is
 * one SubjectData, its item group keyed by the record's id (so that later changes name the same
 * group), with the changed values and the change's audit record. A creation inserts every
 * value it set, an edit updates the one field, a removal removes the group.
 */
function writeTransactions(clinical: XmlElement, data: StudyData) {
  const siteCode = new Map(data.sites.map((site) => [site.id, String(site.code)]));
  const events = data.subjects.flatMap((subject) =>
    (data.audit.get(subject.id) ?? []).map((event) => ({ subject, event })),
  );
  events.sort((a, b) => a.event.seq - b.event.seq);
  for (const { subject, event } of events) {
    const location = odmOid.location(siteCode.get(String(subject.siteId)) ?? "");
    for (const target of formsOfEntity(data, event.entity as EntityName)) {
      const values = changedValues(event, target.columns);
      if (event.action !== "delete" && Object.keys(values).length === 0) continue;
      const transaction =
        event.action === "create" ? "Insert" : event.action === "delete" ? "Remove" : "Update";
      const element = clinical.ele("SubjectData", {
        SubjectKey: String(subject.pseudonym),
        TransactionType:
          event.entity === "subject" && transaction === "Insert" ? "Insert" : "Update",
      });
      element.ele("SiteRef", { LocationOID: location });
      const current = data.rows.find((row) => row.record.id === event.recordId);
      const eventCode = current
        ? eventOf(current, data)
        : target.form === "subjects"
          ? enrolmentEvent
          : target.form === "visits"
            ? unscheduledEvent
            : onStudyEvent;
      const group = element
        .ele("StudyEventData", {
          StudyEventOID: odmOid.event(eventCode),
          StudyEventRepeatKey: target.form === "visits" ? event.recordId : undefined,
          TransactionType: "Upsert",
        })
        .ele("FormData", { FormOID: odmOid.form(target.form), TransactionType: "Upsert" })
        .ele("ItemGroupData", {
          ItemGroupOID: odmOid.itemGroup(target.form),
          ItemGroupRepeatKey: target.form === "subjects" ? undefined : event.recordId,
          TransactionType: target.own ? transaction : "Update",
        });
      writeAuditRecord(group, event, location);
      for (const [column, value] of Object.entries(values)) {
        // A value cleared by an edit is removed; any other is inserted or updated.
        const item = group.ele("ItemData", {
          ItemOID: odmOid.item(target.form, column),
          TransactionType: value === null ? "Remove" : transaction,
          Value: value ?? undefined,
        });
        writeAuditRecord(item, event, location);
      }
    }
  }
}

/** The values an audit event sets, by column (a creation's whole record, an edit's one field). */
function changedValues(event: AuditEvent, columns: string[]): Record<string, string | null> {
  if (event.action === "delete") return {};
  const decoded = event.newValue === null ? null : (JSON.parse(event.newValue) as unknown);
  if (event.field === "*") {
    const record = (decoded ?? {}) as Record<string, unknown>;
    return Object.fromEntries(
      columns
        .filter((column) => odmValue(record[camel(column)]) !== null)
        .map((column) => [column, odmValue(record[camel(column)])]),
    );
  }
  const column = snake(event.field);
  return columns.includes(column) ? { [column]: odmValue(decoded) } : {};
}
