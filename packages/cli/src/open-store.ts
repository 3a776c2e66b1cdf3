import { userInfo } from "node:os";
import { resolve } from "node:path";
import {
  type Actor,
  findStudy as findStoredStudy,
  openStore,
  type Problem,
  type Store,
  type StudyRef,
} from "@ciclo/store";
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
export async function findStudy(store: Store, code?: string): Promise<StudyRef | string> {
  const study = await store.transaction(terminalActor(), (tx) =>
    findStoredStudy(tx, code === undefined ? {} : { code }),
  );
  return study.ok ? study.value : inTerminalWords(study.problem);
}

/** The terminal's option for a field the store's problems name as the API does. */
const optionOfField: Record<string, string> = {
  studyId: "--study",
  referenceArm: "--reference-arm",
};

/** A store problem's message, naming the command's option where the API names a field. */
export function inTerminalWords(problem: Problem): string {
  const option = problem.field && optionOfField[problem.field];
  const message = problem.message.replace("say which", "name one with --study");
  return option ? message.replace(problem.field as string, option) : message;
}
