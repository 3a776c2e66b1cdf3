/**
 * @ciclo/store — persistence for Ciclo: schema and migrations (identical on PGlite and
 * PostgreSQL), the generic audited records repository, sign-in state, the hash-chained audit
 * trail, and CSV import/export.
 *
 * Failure contract: operations a user's input can make fail return `Result` values carrying a
 * `Problem` (`statusOf(problem)` gives its HTTP status); a thrown Error means a bug.
 */
export type { Account, RoleGrant, SessionRow, SignInAttempts } from "./accounts";
export { Accounts, accountKey, minimumPasswordLength } from "./accounts";
export {
  type Actor,
  AuditChainHeadMissing,
  type AuditEvent,
  auditTrailVersion,
  type ChainVerdict,
} from "./audit";
export type { AuditCheckpoint, ChainHead } from "./audit-checkpoint";
export { type CohortCsv, cohortCsv, importCohortCsv } from "./cohort-csv";
export { columnDictionary, exportCsv } from "./csv-export";
export {
  type Column,
  type ColumnType,
  type CsvFormat,
  camel,
  csvFormats,
  type ImportKind,
  importKinds,
  snake,
} from "./csv-formats";
export { type ImportCounts, type ImportRequest, importCsv } from "./csv-import";
export {
  type DashboardDraw,
  DashboardReads,
  type DashboardSite,
  type EnrolmentCount,
} from "./dashboard-reads";
export {
  claimDataDirectory,
  type DataDirectoryOwner,
  lockFileOf,
  StoreUnavailable,
} from "./data-directory";
export {
  drugs,
  type EntityDefinition,
  type EntityName,
  entities,
  entityNames,
  identifyingFields,
  isEntityName,
  type Role,
  roles,
  studyWideRoles,
} from "./entities";
export { type Problem, type ProblemCode, type Result, type RowProblem, statusOf } from "./problem";
export {
  allocationEntity,
  allocationOf,
  allocationsOf,
  correctAllocation,
  randomizeSubject,
  type StoredAllocation,
} from "./randomize-subject";
export { type ListFilter, Records, type StoredRecord, type WritableSites } from "./records";
export { type RestoredDataDirectory, restoreDataDirectory } from "./restore";
export type { Database } from "./schema";
export { decideStageGate, stageGateOf } from "./stage-gate";
export {
  AuditTrail,
  openStore,
  type Store,
  type StoreOptions,
  systemActor,
  type Tx,
} from "./store";
export { checkStoredJson, storedText, unstorableText } from "./stored-text";
export { type StratifiedSubject, stratificationLevels } from "./stratification-levels";
export {
  type AnalysisInput,
  analysisInput,
  findStudy,
  type StudyRef,
  studyProtocol,
  trialRecords,
} from "./study-analysis";
export {
  migratedDataDirectory,
  openPostgresTestStore,
  openTestStore,
  openTestStoreInTransaction,
  type PostgresTestDatabase,
  postgresTestDatabase,
  seedTestStudy,
  type TestStudy,
} from "./test-store";
