import type { Command } from "commander";
import { registerAudit } from "./audit";
import { registerExport } from "./export";
import { registerImport } from "./import";

/** `ciclo import`, `ciclo export` and `ciclo audit verify`: the data manager's terminal tools. */
export function registerDataCommands(program: Command): void {
  registerImport(program);
  registerExport(program);
  registerAudit(program);
}
