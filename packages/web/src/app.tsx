import { lazy, Suspense } from "react";
import { DashboardPage } from "./components/dashboard-page";
import { LoginPage } from "./components/login-page";
import { NavigationBar } from "./components/navigation-bar";
import { useRoute } from "./route";
import { useSession } from "./session";

// The subject and analysis pages carry the plotting code (Observable Plot, the report's plots),
// and the admin page is for a few users; they load when opened, so the dashboard (the page most
// users open first) starts fast.
const AdminPage = lazy(() =>
  import("./components/admin-page").then((module) => ({ default: module.AdminPage })),
);
const AllocationsPage = lazy(() =>
  import("./components/allocations-page").then((module) => ({ default: module.AllocationsPage })),
);
const AnalysisPage = lazy(() =>
  import("./components/analysis-page").then((module) => ({ default: module.AnalysisPage })),
);
const SubjectPage = lazy(() =>
  import("./components/subject-page").then((module) => ({ default: module.SubjectPage })),
);

/** The application: the sign-in page, or the signed-in user's page of the current route. */
export function App() {
  const session = useSession();
  const route = useRoute();
  if (session.loading) return <p className="loading">Loading Ciclo…</p>;
  if (!session.me) return <LoginPage />;
  return (
    <>
      <NavigationBar route={route} />
      <main id="main">
        {route.page === "dashboard" && <DashboardPage />}
        {route.page === "subject" && (
          <Suspense fallback={<p className="loading">Loading the subject…</p>}>
            <SubjectPage subjectId={route.subjectId} />
          </Suspense>
        )}
        {route.page === "analysis" && (
          <Suspense fallback={<p className="loading">Loading the analyses…</p>}>
            <AnalysisPage />
          </Suspense>
        )}
        {route.page === "allocations" && (
          <Suspense fallback={<p className="loading">Loading the allocations…</p>}>
            <AllocationsPage />
          </Suspense>
        )}
        {route.page === "admin" && (
          <Suspense fallback={<p className="loading">Loading the administration…</p>}>
            <AdminPage />
          </Suspense>
        )}
      </main>
    </>
  );
}
