/**
 * @ciclo/web — the browser application of Ciclo (React + Vite). It talks to the server only
 * through the HTTP API under /api; `vite build` writes it to dist/, which `ciclo serve` serves.
 */
export { type ApiClient, ApiFailure, createApiClient } from "./api-client";
export { type Route, routeOf } from "./route";
