/**
 * @ciclo/cli — the `ciclo` command's terminal subcommands. The program that runs them, with
 * `ciclo serve` from the server beside them, is composed in the repository's `bin/main.ts`.
 */
export { cicloCommands, cicloProgram, type LazyCommand, runCiclo } from "./program";
