/**
 * @ciclo/server — the HTTP API of Ciclo: OpenAPI routes, authentication, site-scoped
 * authorization, CSV import and export, and `startServer` for `ciclo serve`.
 *
 * Failure contract: every request a client can make is answered; user errors are 4xx JSON
 * `{ code, message, field?, problems? }`, and a 500 means a bug (it is logged).
 */
export { type AppOptions, createApp } from "./create-app";
export { type DemoCohortOptions, importDemoCohort } from "./demo-cohort";
export {
  type Phase2DemoStudy,
  phase2Logins,
  readPhase2Protocol,
  seedPhase2DemoStudy,
} from "./demo-phase2";
export {
  type DemoLogin,
  type DemoStudy,
  demoLogins,
  demoPassword,
  demoSites,
  isEmptyStore,
  seedDemoStudy,
} from "./demo-study";
export { createFirstAdministrator, StartRefused } from "./first-administrator";
export { hashPassword, verifyPassword } from "./password";
export { type Action, type Actor, can, type Resource, sitesWhere } from "./policy";
export { type ServerOptions, startServer } from "./start-server";
