import type { Command } from "commander";
import { registerAudit } from "./audit";
import { registerBackup } from "./backup";
import { registerExport } from "./export";
import { registerImport } from "./import";
import { registerUnlock } from "./unlock";

/**
 * `ciclo import`, `ciclo export`, `ciclo audit verify`, `ciclo backup`, `ciclo restore` and
 * `ciclo unlock`: the data manager's and the administrator's terminal tools.
 */
export function registerDataCommands(program: Command): void {
  registerImport(program);
  registerExport(program);
  registerAudit(program);
  registerBackup(program);
  registerUnlock(program);
}
