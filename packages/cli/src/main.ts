#!/usr/bin/env node
/**
 * The `ciclo` command. Each subcommand lives in its own file under `commands/` and
 * registers itself on the program, so this file only lists them.
 */
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

await program.parseAsync(process.argv);
