import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The audit chain's head, also kept outside the database: a small file signed with an HMAC key
 * that only the operating-system account running Ciclo can read (mode 0600). Whoever can change
 * the database (the application's own role included) but not these files cannot remove the
 * newest audit rows together with the head without `ciclo audit verify` noticing.
 */
export interface AuditCheckpoint {
  /** The signed checkpoint, rewritten after every commit that adds audit rows. */
  file: string;
  /** The HMAC key, made on first use. */
  keyFile: string;
}

/** A head of the chain: the newest audit row's sequence number and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The checkpoint file inside a PGlite data directory (PostgreSQL ignores such files). */
export function checkpointInDataDir(dataDir: string): AuditCheckpoint {
  return checkpointAt(join(dataDir, "ciclo-audit-checkpoint.json"));
}

/** A checkpoint at `file`, its key beside it. */
export function checkpointAt(file: string): AuditCheckpoint {
  return { file, keyFile: `${file}.key` };
}

/** What the checkpoint says, or why it cannot be trusted; undefined when none was written yet. */
export type CheckpointReading = { head: ChainHead } | { problem: string } | undefined;

/** Reads and authenticates the checkpoint. */
export async function readCheckpoint(checkpoint: AuditCheckpoint): Promise<CheckpointReading> {
  const text = await readIfPresent(checkpoint.file);
  if (text === undefined) return undefined;
  const key = await readIfPresent(checkpoint.keyFile);
  if (key === undefined) {
    return { problem: `the key of the audit checkpoint (${checkpoint.keyFile}) is missing` };
  }
  try {
    const { seq, hash, mac } = JSON.parse(text) as ChainHead & { mac: string };
    const expected = Buffer.from(macOf(key, { seq, hash }), "hex");
    const given = Buffer.from(String(mac), "hex");
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      return { head: { seq, hash } };
    }
  } catch {
    // Not JSON: reported below like a wrong signature.
  }
  return {
    problem: `the audit checkpoint ${checkpoint.file} does not carry a valid signature: it was changed outside Ciclo`,
  };
}

/**
 * Writes heads to the checkpoint, one at a time and only forwards: transactions may finish
 * their commits out of order, and another process may have written a newer head already.
 */
export function checkpointWriter(checkpoint: AuditCheckpoint): (head: ChainHead) => Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  return (head) => {
    queue = queue.then(() => writeForward(checkpoint, head)).catch(reportFailure(checkpoint));
    return queue;
  };
}

async function writeForward(checkpoint: AuditCheckpoint, head: ChainHead): Promise<void> {
  const current = await readCheckpoint(checkpoint);
  if (current && "head" in current && current.head.seq >= head.seq) return;
  const key = await keyOf(checkpoint);
  const body = JSON.stringify({
    ...head,
    writtenAt: new Date().toISOString(),
    mac: macOf(key, head),
  });
  // Written aside and renamed, so a crash never leaves half a checkpoint.
  const partial = `${checkpoint.file}.${process.pid}.partial`;
  await writeFile(partial, `${body}\n`, { mode: 0o600 });
  await rename(partial, checkpoint.file);
}

function reportFailure(checkpoint: AuditCheckpoint) {
  return (error: unknown) => {
    // The commit already happened; the checkpoint only lags, and `audit verify` still checks
    // the chain and the head row. Say so loudly instead of failing the user's write.
    process.emitWarning(
      `could not write the audit checkpoint ${checkpoint.file}: ${(error as Error).message}`,
    );
  };
}

/** The key, made (32 random bytes, readable by this account only) when there is none yet. */
async function keyOf(checkpoint: AuditCheckpoint): Promise<string> {
  const existing = await readIfPresent(checkpoint.keyFile);
  if (existing !== undefined) return existing;
  const key = randomBytes(32).toString("hex");
  try {
    await writeFile(checkpoint.keyFile, key, { mode: 0o600, flag: "wx" });
    return key;
  } catch (error) {
    // Another process made it first: use that one.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      return (await readIfPresent(checkpoint.keyFile)) as string;
    }
    throw error;
  }
}

function macOf(key: string, head: ChainHead): string {
  return createHmac("sha256", key.trim())
    .update(`ciclo audit checkpoint\n${head.seq}\n${head.hash}`)
    .digest("hex");
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
