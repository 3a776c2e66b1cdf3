import { openPostgresTestStore, openTestStore, type Store } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { createApp } from "../src/create-app";
import { type DemoStudy, demoPassword, seedDemoStudy } from "../src/demo-study";

/** Engines to run the API tests on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const engines: ("pglite" | "postgres")[] = process.env.TEST_DATABASE_URL
  ? ["pglite", "postgres"]
  : ["pglite"];

/** A clock the test moves by hand. */
export function manualClock(start = "2025-03-03T09:00:00Z") {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export interface ApiFixture {
  app: ReturnType<typeof createApp>;
  store: Store;
  demo: DemoStudy;
  clock: ReturnType<typeof manualClock>;
  /** Errors the app logged as bugs (500s); a test expects none. */
  bugs: unknown[];
  signIn(username: string): Promise<Client>;
  close(): Promise<void>;
}

/** A signed-in user: requests carry her session cookie and CSRF token. */
export interface Client {
  csrfToken: string;
  cookie: string;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answer bodies field by field
  json<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

/** A fresh store with the demo trial (cheap password hashes) and the app on it. */
export async function openApiFixture(
  engine: "pglite" | "postgres" = "pglite",
): Promise<ApiFixture> {
  const clock = manualClock();
  const store =
    engine === "postgres"
      ? await openPostgresTestStore(process.env.TEST_DATABASE_URL!, clock.now)
      : await openTestStore(clock.now);
  const demo = await seedDemoStudy(store, {
    protocol: seedProtocol,
    passwordCost: { N: 1024, r: 8, p: 1 },
  });
  const bugs: unknown[] = [];
  const app = createApp({
    store,
    clock: clock.now,
    logError: (_message, error) => bugs.push(error),
  });
  const signIn = async (username: string): Promise<Client> => {
    const response = await app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: demoPassword }),
    });
    if (response.status !== 200)
      throw new Error(`sign-in of ${username}: ${response.status} ${await response.text()}`);
    const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return clientOf(app, cookie, csrfToken);
  };
  return { app, store, demo, clock, bugs, signIn, close: () => store.close() };
}

export function clientOf(
  app: ReturnType<typeof createApp>,
  cookie: string,
  csrfToken: string,
): Client {
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    await app.request(path, {
      method,
      headers: {
        cookie,
        "x-csrf-token": csrfToken,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  return {
    csrfToken,
    cookie,
    request,
    json: async (method, path, body) => {
      const response = await request(method, path, body);
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}
