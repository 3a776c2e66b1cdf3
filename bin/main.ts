/**
 * The `ciclo` command: the terminal's subcommands from @ciclo/cli and `ciclo serve` from
 * @ciclo/server, composed here so that neither package depends on the other. `bin/ciclo.js`
 * runs the build of this file (packages/cli/dist), or this file itself through tsx.
 */
import { cicloCommands, runCiclo } from "@ciclo/cli";
import { serveCommand } from "@ciclo/server/serve-command";

await runCiclo([serveCommand, ...cicloCommands]);
