import { userInfo } from "node:os";
import { resolve } from "node:path";
import { type Actor, openStore, type Store } from "@ciclo/store";
import type { Command } from "commander";

export interface StoreLocationOptions {
  dataDir: string;
}

/** Adds --data-dir to a command that opens the store (DATABASE_URL wins when set). */
export function withStoreLocation(command: Command): Command {
  return command.option(
    "--data-dir <dir>",
    "embedded database directory (ignored when DATABASE_URL is set)",
    "./.ciclo/data",
  );
}

/** Opens the store the way `ciclo serve` does: PostgreSQL from DATABASE_URL, else PGlite. */
export function openStoreAt(options: StoreLocationOptions): Promise<Store> {
  return openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: resolve(options.dataDir) });
}

/** The actor of changes made from the terminal: the operating-system user, marked as such. */
export function terminalActor(): Actor {
  const name = `terminal:${userInfo().username}`;
  return { userId: name, username: name };
}

/** The study a command works on: the one named by code, or the only one there is. */
export async function findStudy(
  store: Store,
  code?: string,
): Promise<{ id: string; code: string } | string> {
  const studies = await store.db
    .selectFrom("study")
    .select(["id", "code"])
    .orderBy("code")
    .execute();
  if (code) {
    const study = studies.find((each) => each.code === code);
    return (
      study ??
      `no study with code '${code}'; the studies are ${studies.map((each) => each.code).join(", ") || "(none)"}`
    );
  }
  if (studies.length === 1) return studies[0];
  return studies.length === 0
    ? "the database holds no study yet; run `ciclo serve --demo` once to create the demo study, or create the study as administrator"
    : `the database holds several studies; name one with --study (${studies.map((each) => each.code).join(", ")})`;
}
