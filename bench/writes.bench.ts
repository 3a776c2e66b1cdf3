/**
 * Audited writes under load: 10 clients, each signed in as a Pisa investigator, create lab results
 * through the HTTP API (a real server on 127.0.0.1, one request at a time per client), on
 * PostgreSQL when `TEST_DATABASE_URL` is set and on PGlite in a data directory as `npm start`
 * keeps it. Each client enters the results of her own patient, as investigators do.
 *
 * The anchor is the database's own single-row insert rate, measured in the same run by
 * `pgbench` (10 clients, `insert into … values (random())`, no Ciclo in between) on the same
 * server. The row's "Ciclo ms" is the time per write at the measured rate (1,000 / writes a
 * second), the anchor's the time per pgbench insert, so "anchor / Ciclo" is the fraction of the
 * database's insert rate that audited API writes reach (target: 15 % or more).
 *
 *   npm run bench -- writes                  200 writes per client
 *   npm run bench -- writes --sizes 50       fewer
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createApp, demoPassword, seedDemoStudy } from "@ciclo/server";
import { openStore, type Store } from "@ciclo/store";
import { analytes, seedProtocol } from "@ciclo/trial";
import { serve } from "@hono/node-server";
import type { BenchContext, BenchRow } from "./run";

export const name = "writes";

const clients = 10;
/** Analytes with a typical value in their unit (the edit checks ask to confirm implausible ones). */
const catalogue = [
  ["CEA", 3.1],
  ["CA15-3", 24],
  ["TPA", 70],
  ["CD4", 800],
].map(([code, value]) => ({
  code: code as string,
  unit: analytes[code].unit,
  value: value as number,
}));

export async function run(context: BenchContext): Promise<BenchRow[]> {
  const perClient = context.sizes?.[0] ?? 200;
  const rows: BenchRow[] = [];
  const serverUrl = process.env.TEST_DATABASE_URL;
  const dataDir = mkdtempSync(join(tmpdir(), "ciclo-bench-writes-"));
  const databaseUrl = serverUrl ? freshDatabase(serverUrl) : undefined;
  const engines: [string, () => Promise<Store>][] = [];
  if (databaseUrl) engines.push(["PostgreSQL", () => openStore({ databaseUrl })]);
  engines.push(["PGlite", () => openStore({ dataDir })]);
  try {
    for (const [engine, open] of engines) {
      const store = await open();
      try {
        context.progress(`writes: ${clients} clients × ${perClient} lab results on ${engine}`);
        const timing = await timeWrites(store, perClient);
        const pgbench =
          engine === "PostgreSQL" && databaseUrl ? insertRate(databaseUrl, context) : undefined;
        rows.push({
          task: `audited API writes, ${clients} clients, ${engine}`,
          n: timing.writes,
          cicloMs: 1000 / timing.rate,
          rMs: pgbench ? 1000 / pgbench : undefined,
          note: `${timing.rate.toFixed(0)} writes/s, p50 ${timing.p50.toFixed(1)} ms, p99 ${timing.p99.toFixed(1)} ms${
            pgbench ? `; anchor: pgbench ${pgbench.toFixed(0)} single-row inserts/s` : ""
          }`,
        });
        const verdict = await store.verifyAuditChain();
        if (!verdict.ok) throw new Error(`audit chain broken after the bench: ${verdict.message}`);
      } finally {
        await store.close();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (serverUrl && databaseUrl)
      execFileSync("psql", [
        serverUrl,
        "-qc",
        `drop database if exists ${databaseNameOf(databaseUrl)} with (force)`,
      ]);
  }
  return rows;
}

/** Serves the app, signs the clients in, gives each a patient and a sample, then times the writes. */
async function timeWrites(store: Store, perClient: number) {
  const demo = await seedDemoStudy(store, {
    protocol: seedProtocol,
    passwordCost: { N: 1024, r: 8, p: 1 },
  });
  const app = createApp({ store, logError: (message, error) => console.error(message, error) });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () =>
      resolve(started),
    );
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  try {
    // One after the other: parallel sign-ins from one address count as a burst of attempts.
    const sessions = [];
    for (let index = 0; index < clients; index++)
      sessions.push(await client(base, index, demo, perClient + 5));
    const latencies: number[] = [];
    // A short warm-up, not timed: the first requests compile the routes and fill the pools.
    await Promise.all(sessions.map((session) => session.writes(5, [])));
    const start = performance.now();
    await Promise.all(sessions.map((session) => session.writes(perClient, latencies)));
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
    return {
      writes: latencies.length,
      rate: latencies.length / seconds,
      p50: at(0.5),
      p99: at(0.99),
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A signed-in investigator with a patient and a sample of her own. */
async function client(
  base: string,
  index: number,
  demo: { studyId: string; siteIds: Record<string, string> },
  results: number,
) {
  const login = await fetch(`${base}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "investigator.pisa", password: demoPassword }),
  });
  if (login.status !== 200) throw new Error(`sign-in: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { id: string };
    if (response.status !== 201)
      throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const subject = await post("/subjects", {
    studyId: demo.studyId,
    siteId: demo.siteIds.PI,
    pseudonym: `PI-B${index}`,
    arm: "treated",
    enrolmentDate: "2024-01-15",
  });
  // A sample takes one result of each analyte: a draw a week, enough draws for every result.
  const samples: string[] = [];
  for (let week = 0; week * catalogue.length < results; week++) {
    const drawnAt = new Date(Date.UTC(2024, 1, 19 + 7 * week, 8)).toISOString();
    samples.push((await post("/samples", { subjectId: subject.id, drawnAt, relation: "pre" })).id);
  }
  let written = 0;
  return {
    writes: async (count: number, latencies: number[]) => {
      for (let write = 0; write < count; write++, written++) {
        const analyte = catalogue[written % catalogue.length];
        const start = performance.now();
        await post("/lab-results", {
          sampleId: samples[Math.floor(written / catalogue.length)],
          analyte: analyte.code,
          value: analyte.value,
          unit: analyte.unit,
        });
        latencies.push(performance.now() - start);
      }
    },
  };
}

/**
 * pgbench's rate of single-row inserts with as many clients, on a table of the store's
 * database made for it and dropped after (10 s, 2 threads).
 */
function insertRate(url: string, context: BenchContext): number | undefined {
  const pgbench = ["pgbench", "/usr/lib/postgresql/15/bin/pgbench"].find((path) => {
    try {
      execFileSync(path, ["--version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  });
  if (!pgbench) {
    context.progress("writes: pgbench not found; no anchor");
    return undefined;
  }
  context.progress("writes: pgbench single-row inserts, 10 clients, 10 s");
  const folder = mkdtempSync(join(tmpdir(), "ciclo-pgbench-"));
  const script = join(folder, "insert.sql");
  writeFileSync(script, "insert into bench_insert (value) values (random());\n");
  execFileSync("psql", [
    url,
    "-qc",
    "create table bench_insert (id bigserial primary key, value double precision, at timestamptz not null default now())",
  ]);
  try {
    const output = execFileSync(
      pgbench,
      ["-n", "-c", String(clients), "-j", "2", "-T", "10", "-f", script, url],
      { encoding: "utf8" },
    );
    const tps = /tps = ([\d.]+)/.exec(output);
    return tps ? Number(tps[1]) : undefined;
  } finally {
    execFileSync("psql", [url, "-qc", "drop table bench_insert"]);
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A new, empty database on the server for this run (dropped at the end). */
function freshDatabase(serverUrl: string): string {
  const name = `ciclo_bench_writes_${Date.now().toString(36)}`;
  execFileSync("psql", [serverUrl, "-qc", `create database ${name}`]);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const databaseNameOf = (url: string) => new URL(url).pathname.slice(1);
