import { readdirSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { createApp, type DemoStudy, seedDemoStudy } from "@ciclo/server";
import { openTestStore, type Store } from "@ciclo/store";
import { seedProtocol } from "@ciclo/trial";
import { type ServerType, serve } from "@hono/node-server";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll } from "vitest";

/** packages/web */
export const webRoot = resolve(import.meta.dirname, "..");
const distDir = join(webRoot, "dist");

/** The newest modification time under a path (a file, or a folder searched recursively). */
function newestChange(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/**
 * Builds the web application with Vite when dist/ is missing or older than its sources, so the
 * tests always drive the code under test (and cost nothing when it is up to date).
 */
export async function buildWebAppIfStale(): Promise<string> {
  const sources = Math.max(
    ...["src", "index.html", "vite.config.ts", "package.json", "../report/src"].map((path) =>
      newestChange(join(webRoot, path)),
    ),
  );
  if (newestChange(join(distDir, "index.html")) < sources) {
    // The test runner sets NODE_ENV=test, which would bundle React's slower development build
    // into the dist that `npm start` and the dashboard benchmark also serve.
    const testEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await build({ configFile: join(webRoot, "vite.config.ts"), logLevel: "warn" });
    } finally {
      process.env.NODE_ENV = testEnv;
    }
  }
  return distDir;
}

/** Launches Debian's Chromium headless; never downloads a browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

export interface RunningCiclo {
  url: string;
  store: Store;
  demo: DemoStudy;
  close(): Promise<void>;
}

/**
 * The Ciclo app over an in-memory store with the demo trial (cheap password hashes), serving
 * the built web application, on an ephemeral port of 127.0.0.1. `clock` is the server's time
 * (a test moves it on to end sessions).
 */
export async function startCiclo(
  webDir: string,
  { clock }: { clock?: () => Date } = {},
): Promise<RunningCiclo> {
  const store = await openTestStore();
  const demo = await seedDemoStudy(store, {
    protocol: seedProtocol,
    passwordCost: { N: 1024, r: 8, p: 1 },
  });
  const app = createApp({
    store,
    webDir,
    clock,
    logError: (message, error) => console.error(message, error),
  });
  const server: ServerType = await new Promise((ready) => {
    const running = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () =>
      ready(running),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    demo,
    close: async () => {
      await new Promise((done) => server.close(() => done(undefined)));
      await store.close();
    },
  };
}

/** The demo users' password (seedDemoStudy). */
export const demoPassword = "ciclo-demo";

/** Fills and sends the sign-in form of a page showing it; waits for the signed-in top bar. */
export async function signIn(page: Page, username: string, password = demoPassword): Promise<void> {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/**
 * A page in a fresh browser context (its own cookies), signed in as `username` on the
 * dashboard; 1280 × 900 unless `options` say otherwise. Close it with `page.context().close()`.
 */
export async function signedInPage(
  browser: Browser,
  ciclo: RunningCiclo,
  username: string,
  options: BrowserContextOptions = {},
  password = demoPassword,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto(ciclo.url);
  await signIn(page, username, password);
  await page.getByRole("heading", { name: "Study dashboard" }).waitFor();
  return page;
}

/** A running Ciclo and a Chromium for one test file, filled in before its first test. */
export interface BrowserCiclo<T> {
  ciclo: RunningCiclo;
  browser: Browser;
  /** What `seed` returned. */
  seeded: T;
  /** A fresh context signed in as `username` on the dashboard (see `signedInPage`). */
  signedIn(username: string, options?: BrowserContextOptions): Promise<Page>;
}

/**
 * The start-up every browser test file shares: build the web application if stale, start Ciclo
 * over the demo trial (with `clock`, when given), `seed` it, launch Chromium; close both after the
 * file's tests. Call it at the top of a test file.
 *
 * @example
 * const run = browserCiclo({ seed: ({ store, demo }) => seedCohort(store, demo, { subjects: 3, detailed: 0, today }) });
 * it("…", async () => { const page = await run.signedIn("investigator.pisa"); … });
 */
export function browserCiclo<T = undefined>({
  clock,
  seed,
}: {
  clock?: () => Date;
  seed?: (ciclo: RunningCiclo) => Promise<T>;
} = {}): BrowserCiclo<T> {
  const run = {
    signedIn: (username: string, options?: BrowserContextOptions) =>
      signedInPage(run.browser, run.ciclo, username, options),
  } as BrowserCiclo<T>;
  beforeAll(async () => {
    run.ciclo = await startCiclo(await buildWebAppIfStale(), { clock });
    run.seeded = (seed ? await seed(run.ciclo) : undefined) as T;
    run.browser = await launchChromium();
  });
  afterAll(async () => {
    await run.browser?.close();
    await run.ciclo?.close();
  });
  return run;
}
