#!/usr/bin/env node
/**
 * The `ciclo` command. Each subcommand lives in its own file under `commands/` and
 * registers itself on the program, so this file only lists them.
 */
import { StartRefused } from "@ciclo/server";
import { StoreUnavailable } from "@ciclo/store";
import { Command } from "commander";
import { registerAnalyze } from "./commands/analyze";
import { registerDataCommands } from "./commands/data";
import { registerDesignCommand } from "./commands/design";
import { addDesignPower } from "./commands/design-power";
import { registerRandomize } from "./commands/randomize";
import { registerServe } from "./commands/serve";
import { registerSimulate } from "./commands/simulate";
import { registerStatsCommand } from "./commands/stats";

const program = new Command()
  .name("ciclo")
  .description("Ciclo: run a hormone-immunotherapy trial from protocol to report")
  .showHelpAfterError();

registerStatsCommand(program);
addDesignPower(registerDesignCommand(program));
registerSimulate(program);
registerDataCommands(program);
registerServe(program);
registerAnalyze(program);
registerRandomize(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A data directory in use or damaged, or a first start without a password, is the user's
  // situation, not a bug: say what to do.
  if (!(error instanceof StoreUnavailable || error instanceof StartRefused)) throw error;
  console.error(`ciclo: ${error.message}`);
  process.exit(1);
}
