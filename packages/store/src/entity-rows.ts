import type { Kysely } from "kysely";
import type { Database } from "./schema";

/**
 * A row of a registry entity's table as the generic repository reads and writes it: the store's
 * bookkeeping, typed, and the entity's own fields, which its zod schema checks (the compiler
 * cannot: the entity is chosen at run time).
 */
export type EntityRow = {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
};

/** The name, in the query builder's camelCase, of a table that holds a registry entity. */
export type EntityTable = keyof Database &
  (
    | "study"
    | "protocolVersion"
    | "site"
    | "appUser"
    | "roleAssignment"
    | "subject"
    | "administration"
    | "visit"
    | "sample"
    | "labResult"
    | "responseAssessment"
    | "lesion"
    | "progression"
    | "adverseEvent"
    | "followUp"
    | "query"
    | "signature"
  );

/** The registry's tables, each seen as rows of `EntityRow`. */
export type EntityTables = { [table in EntityTable]: EntityRow };

/**
 * The same transaction's query builder, seen through the registry: for the generic reads and
 * writes whose table is an entity's, named at run time. Queries of a known table use `trx` itself.
 */
export function entityRows(trx: Kysely<Database>): Kysely<EntityTables> {
  return trx as unknown as Kysely<EntityTables>;
}
