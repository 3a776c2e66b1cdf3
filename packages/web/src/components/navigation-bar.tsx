import type { Route } from "../route";
import { navigate } from "../route";
import { useSession } from "../session";
import { AppLink } from "./app-link";
import { signOutForgettingDrafts } from "./kept-drafts";
import { OdmExportLink } from "./odm-export-link";
import { SessionClock } from "./session-clock";

/** The top bar: the pages, the signed-in user with her roles, the session's end and sign-out. */
export function NavigationBar({ route }: { route: Route }) {
  const session = useSession();
  const me = session.me!;
  const isAdmin = me.roles.some((assignment) => assignment.role === "admin");
  const managesRandomization = me.roles.some(
    (assignment) => assignment.role === "randomization_manager",
  );
  const roles = [...new Set(me.roles.map((assignment) => assignment.role.replaceAll("_", " ")))];
  return (
    <header className="top-bar">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav aria-label="Pages">
        <span className="brand">Ciclo</span>
        <AppLink to="/" current={route.page === "dashboard"}>
          Dashboard
        </AppLink>
        <AppLink to="/analysis" current={route.page === "analysis"}>
          Analysis
        </AppLink>
        {managesRandomization && (
          <AppLink to="/allocations" current={route.page === "allocations"}>
            Allocations
          </AppLink>
        )}
        <OdmExportLink />
        {isAdmin && (
          <AppLink to="/admin" current={route.page === "admin"}>
            Admin
          </AppLink>
        )}
      </nav>
      <div className="who">
        <span>
          {me.displayName} <small>({roles.join(", ")})</small>
        </span>
        <SessionClock />
        <button
          type="button"
          onClick={async () => {
            await signOutForgettingDrafts(session.signOut);
            navigate("/");
          }}
        >
          Sign out
        </button>
      </div>
    </header>
  );
}
