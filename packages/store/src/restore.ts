import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { ChainVerdict } from "./audit";
import { claimDataDirectory } from "./data-directory";
import { openClaimedPglite } from "./database";
import { storeOn } from "./store";

export interface RestoredDataDirectory {
  /** The audit trail's verdict on the restored copy. */
  verdict: ChainVerdict;
  /** Where the folder that was there before now lies (only with `force`). */
  setAside?: string;
}

/**
 * Restores an embedded database from a backup made by `Store.dump` (a PGlite data-directory
 * tarball) into `dataDir`, migrates it and verifies its audit trail. A folder that already holds
 * data is refused unless `force`; then it is renamed aside, never deleted. The folder is claimed
 * for the whole restore, so a running server cannot be overwritten.
 *
 * @example
 * const { verdict } = await restoreDataDirectory(new Blob([readFileSync("backup.tar.gz")]), "./.ciclo/data");
 */
export async function restoreDataDirectory(
  backup: Blob,
  dataDir: string,
  { force = false }: { force?: boolean } = {},
): Promise<RestoredDataDirectory | { refused: string }> {
  const folder = resolve(dataDir);
  const release = claimDataDirectory(folder);
  try {
    const holdsData = existsSync(folder) && readdirSync(folder).length > 0;
    if (holdsData && !force) {
      return {
        refused: `${folder} already holds data; restore into an empty folder (--data-dir), or add --force to set the current folder aside and restore in its place`,
      };
    }
    const setAside = holdsData ? `${folder}.before-restore-${stamp()}` : undefined;
    if (setAside) renameSync(folder, setAside);
    try {
      const database = await openClaimedPglite({ dataDir: folder, loadDataDir: backup });
      const store = storeOn(database, () => new Date());
      try {
        return { verdict: await store.verifyAuditChain(), setAside };
      } finally {
        await store.close();
      }
    } catch (error) {
      // Nothing half-restored stays in place of the folder that was there.
      rmSync(folder, { recursive: true, force: true });
      if (setAside) renameSync(setAside, folder);
      const why = String((error as Error).message ?? error).split("\n")[0];
      return {
        refused: `the file is not a backup of Ciclo's embedded database made by ciclo backup (${why}); ${setAside ? "the folder is as it was" : "nothing was written"}`,
      };
    }
  } finally {
    release();
  }
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, "-");
