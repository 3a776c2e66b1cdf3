import type { Endpoint } from "./endpoint";
import { auditRoutes } from "./routes/audit-routes";
import { authRoutes } from "./routes/auth-routes";
import { catalogueRoutes } from "./routes/catalogue-routes";
import { csvRoutes } from "./routes/csv-routes";
import { dashboardRoutes } from "./routes/dashboard-routes";
import { randomizationRoutes } from "./routes/randomization-routes";
import { recordRoutes } from "./routes/record-routes";
import { reportRoutes } from "./routes/report-routes";
import { reviewRoutes } from "./routes/review-routes";
import { standardsRoutes } from "./routes/standards-routes";
import { subjectChartRoutes } from "./routes/subject-chart-routes";
import { userRoutes } from "./routes/user-routes";

/** Every endpoint of the API, in the order the reference lists them. */
export function apiEndpoints(): Endpoint[] {
  return [
    ...authRoutes(),
    ...userRoutes(),
    ...catalogueRoutes(),
    ...recordRoutes(),
    ...randomizationRoutes(),
    ...subjectChartRoutes(),
    ...reviewRoutes(),
    ...auditRoutes(),
    ...csvRoutes(),
    ...standardsRoutes(),
    ...reportRoutes(),
    ...dashboardRoutes(),
  ];
}
