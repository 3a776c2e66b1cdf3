import type { Endpoint } from "./endpoint";
import { authRoutes } from "./routes/auth-routes";
import { recordRoutes } from "./routes/record-routes";

/** Every endpoint of the API, in the order the reference lists them. */
export function apiEndpoints(): Endpoint[] {
  return [...authRoutes(), ...recordRoutes()];
}
