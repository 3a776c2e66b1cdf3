import { type EntityName, entities, isEntityName, type Store, systemActor } from "@ciclo/store";
import type { SiteOf } from "./authorize";

/**
 * The site of a stored record, for the guard. A record that does not exist has no site; the
 * guard then answers 404 exactly as for a record of a site the actor may not read.
 *
 * @example
 * await siteOfRecord(store, "labResult", "2f1c…"); // => { siteId: "site-pisa", label: "labResult '2f1c…'" }
 */
export async function siteOfRecord(store: Store, entity: EntityName, id: string): Promise<SiteOf> {
  const label = `${entity} '${id}'`;
  const siteId = await store.transaction(systemActor, async (tx) => {
    const record = await tx.records.get(entity, id);
    return record.ok ? ((await tx.records.siteOf(entity, record.value)) ?? null) : null;
  });
  return { siteId, label };
}

/**
 * The site a new record would belong to: a subject names its site; a query or signature
 * belongs to the site of the record it targets; a lab result to its sample's, a lesion to its
 * assessment's; everything else to its subject's.
 *
 * @example
 * await siteOfNewRecord(store, "visit", { subjectId: "s1", visitDate: "2024-05-02", kind: "control" });
 */
export async function siteOfNewRecord(
  store: Store,
  entity: EntityName,
  body: Record<string, unknown>,
): Promise<SiteOf> {
  if (entity === "subject") {
    return { siteId: String(body.siteId), label: `site '${String(body.siteId)}'` };
  }
  const target = owningRecord(entity, body);
  if (!target) return { siteId: null, label: `${entity} target` };
  return siteOfRecord(store, target.entity, target.id);
}

function owningRecord(
  entity: EntityName,
  body: Record<string, unknown>,
): { entity: EntityName; id: string } | undefined {
  if (entity === "query" || entity === "signature") {
    const targetEntity = String(body.entity);
    return isEntityName(targetEntity)
      ? { entity: targetEntity, id: String(body.recordId) }
      : undefined;
  }
  const definition = entities[entity];
  if ("parent" in definition && definition.parent) {
    const parent = definition.parent as { field: string; entity: EntityName };
    return { entity: parent.entity, id: String(body[parent.field]) };
  }
  return { entity: "subject", id: String(body.subjectId) };
}
