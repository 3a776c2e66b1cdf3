import { useEffect, useState } from "react";

/** A page of the application, read from the address bar. */
export type Route =
  | { page: "dashboard" }
  | { page: "subject"; subjectId: string }
  | { page: "analysis" }
  | { page: "admin" }
  | { page: "allocations" };

/**
 * The route of a path: `/`, `/subjects/{id}`, `/analysis`, `/admin` or `/allocations`.
 *
 * @example
 * routeOf("/subjects/3f0d"); // => { page: "subject", subjectId: "3f0d" }
 */
export function routeOf(path: string): Route {
  const subject = /^\/subjects\/([^/]+)$/.exec(path);
  if (subject) return { page: "subject", subjectId: decodeURIComponent(subject[1]) };
  if (path === "/analysis") return { page: "analysis" };
  if (path === "/admin") return { page: "admin" };
  if (path === "/allocations") return { page: "allocations" };
  return { page: "dashboard" };
}

/** Goes to a path of the application without reloading the page. */
export function navigate(path: string): void {
  window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/** The current route; changes with `navigate` and the browser's back and forward buttons. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(window.location.pathname));
  useEffect(() => {
    const follow = () => setRoute(routeOf(window.location.pathname));
    window.addEventListener("popstate", follow);
    return () => window.removeEventListener("popstate", follow);
  }, []);
  return route;
}
