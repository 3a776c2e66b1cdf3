import type { Command } from "commander";
import { registerAudit } from "./audit";
import { registerExport } from "./export";
import { registerImport } from "./import";
import { registerUnlock } from "./unlock";

/** `ciclo import`, `ciclo export`, `ciclo audit verify` and `ciclo unlock`: the terminal tools. */
export function registerDataCommands(program: Command): void {
  registerImport(program);
  registerExport(program);
  registerAudit(program);
  registerUnlock(program);
}
