import type { Command } from "commander";
import { registerAudit } from "./audit";
import { registerBackup } from "./backup";
import { registerExport } from "./export";
import { registerImport } from "./import";

/**
 * `ciclo import`, `ciclo export`, `ciclo audit verify`, `ciclo backup` and `ciclo restore`: the
 * data manager's terminal tools.
 */
export function registerDataCommands(program: Command): void {
  registerImport(program);
  registerExport(program);
  registerAudit(program);
  registerBackup(program);
}
