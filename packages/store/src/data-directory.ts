import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * Why the embedded database cannot be opened: another process owns its data directory, or the
 * directory is damaged. Its message says what to do; a command prints it and nothing else.
 */
export class StoreUnavailable extends Error {
  constructor(
    readonly reason: "data_directory_in_use" | "data_directory_damaged",
    message: string,
  ) {
    super(message);
    this.name = "StoreUnavailable";
  }
}

/** Who owns a data directory, as written in its lock file. */
export interface DataDirectoryOwner {
  pid: number;
  startedAt: string;
  command: string;
  /** The address a `ciclo serve` answers at, when the owner is a server. */
  serving?: string;
}

/** The lock file of a data directory: beside it, so a backup of the folder never carries it. */
export const lockFileOf = (dataDir: string) => `${resolve(dataDir)}.lock`;

const held = new Set<string>();
let exitHookInstalled = false;

/**
 * Claims a PGlite data directory for this process. PGlite is single-process: a second process
 * writing the same folder damages it beyond repair, so the claim is a lock file created
 * exclusively (O_EXCL) with the owner's PID. A lock whose PID is no longer alive was left by a
 * crash and is cleared. Returns the release; the lock is also removed when the process exits.
 *
 * @example
 * const release = claimDataDirectory("./.ciclo/data", { serving: "http://127.0.0.1:3000/" });
 * // … open PGlite, work, close it …
 * release();
 */
export function claimDataDirectory(dataDir: string, { serving }: { serving?: string } = {}) {
  const lockFile = lockFileOf(dataDir);
  const owner: DataDirectoryOwner = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    command: ["ciclo", ...process.argv.slice(2)].join(" "),
    serving,
  };
  // PGlite creates only the last folder of the path; a fresh clone has no ./.ciclo yet.
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, `${JSON.stringify(owner, null, 2)}\n`, { flag: "wx" });
      held.add(lockFile);
      installExitHook();
      return () => release(lockFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const current = readOwner(lockFile);
    if (current && ownerIsAlive(lockFile, current.pid)) throw inUse(dataDir, lockFile, current);
    // The owner died without cleaning up (a crash, kill -9): its claim is void.
    unlinkQuietly(lockFile);
  }
  throw inUse(dataDir, lockFile, readOwner(lockFile));
}

function release(lockFile: string) {
  if (!held.delete(lockFile)) return;
  if (readOwner(lockFile)?.pid === process.pid) unlinkQuietly(lockFile);
}

// A command that ends with process.exit() never reaches its own release.
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const lockFile of [...held]) release(lockFile);
  });
}

function readOwner(lockFile: string): DataDirectoryOwner | undefined {
  try {
    return JSON.parse(readFileSync(lockFile, "utf8")) as DataDirectoryOwner;
  } catch {
    // Gone meanwhile, or half written by a process killed while writing it: no live owner.
    return undefined;
  }
}

function ownerIsAlive(lockFile: string, pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  // Our own PID on a lock we do not hold was left by an earlier run that got the same PID (a
  // container restarting as PID 1).
  if (pid === process.pid) return held.has(lockFile);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function unlinkQuietly(file: string) {
  try {
    unlinkSync(file);
  } catch {
    // Already removed.
  }
}

function inUse(dataDir: string, lockFile: string, owner: DataDirectoryOwner | undefined) {
  const who = owner?.serving
    ? `Ciclo is serving this data directory (pid ${owner.pid}, ${owner.serving}); stop it first (Ctrl-C where it runs), or use the API at ${owner.serving}, or set DATABASE_URL to work on PostgreSQL`
    : `another ciclo command is using this data directory (pid ${owner?.pid ?? "unknown"}, '${owner?.command ?? "?"}', since ${owner?.startedAt ?? "?"}); wait for it to end or stop it first`;
  return new StoreUnavailable(
    "data_directory_in_use",
    `${who}. The embedded database in ${resolve(dataDir)} admits one process at a time; if no Ciclo process is running, delete ${lockFile}.`,
  );
}

/** The short answer to a data directory PGlite cannot start on, instead of its abort. */
export function damaged(dataDir: string) {
  return new StoreUnavailable(
    "data_directory_damaged",
    `the embedded database in ${resolve(dataDir)} is damaged and cannot start. Restore it from a backup: ciclo restore --file BACKUP.tar.gz --data-dir ${resolve(dataDir)} --force (the damaged folder is kept beside it).`,
  );
}
