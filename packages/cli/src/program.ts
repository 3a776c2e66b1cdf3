/**
 * The `ciclo` program. Each subcommand lives in its own file under `commands/` and registers
 * itself on the program; this file lists them, and loads only the one that runs.
 *
 * `ciclo --help` needs only the names and one-line summaries below, so it starts without loading
 * the store, the statistics engine or the report; `ciclo stats km …` loads the statistics and
 * not the database. A test checks that each summary is the command's own description.
 */
import { Command } from "commander";

/** A top-level command: its name and summary for `ciclo --help`, and how to load it. */
export interface LazyCommand {
  name: string;
  summary: string;
  /** Loads the command's module; the function it returns adds the command to the program. */
  load: () => Promise<(program: Command) => unknown>;
}

/** The commands of this package, in the order `ciclo --help` lists them. */
export const cicloCommands: LazyCommand[] = [
  {
    name: "stats",
    summary:
      "Statistics on a CSV file, with R's names and answers (survival, survdiff, coxph, rank and exact tests)",
    load: async () => (await import("./commands/stats")).registerStatsCommand,
  },
  {
    name: "design",
    summary:
      "Design a trial: Simon two-stage phase II designs, events and sample size for survival comparisons",
    load: async () => {
      const [{ registerDesignCommand }, { addDesignPower }] = await Promise.all([
        import("./commands/design"),
        import("./commands/design-power"),
      ]);
      return (program) => addDesignPower(registerDesignCommand(program));
    },
  },
  {
    name: "simulate",
    summary:
      "simulate a cohort of the trial (seeded) and write it as CSV files in the import format",
    load: async () => (await import("./commands/simulate")).registerSimulate,
  },
  {
    name: "import",
    summary: "import a CSV file all-or-nothing; prints every bad row when it is rejected",
    load: async () => (await import("./commands/import")).registerImport,
  },
  {
    name: "export",
    summary: "export one kind of record as long-format CSV (the import's own columns)",
    load: async () => (await import("./commands/export")).registerExport,
  },
  {
    name: "audit",
    summary: "the audit trail",
    load: async () => (await import("./commands/audit")).registerAudit,
  },
  {
    name: "backup",
    summary:
      "copy the whole database to a file: a PGlite tarball, or a pg_dump archive (custom format) when DATABASE_URL is set",
    load: async () => (await import("./commands/backup")).registerBackup,
  },
  {
    name: "restore",
    summary:
      "bring a backup back into an empty data directory (or database), then verify its audit trail",
    load: async () => (await import("./commands/backup")).registerBackup,
  },
  {
    name: "unlock",
    summary: "lift the lock that failed sign-ins put on an account",
    load: async () => (await import("./commands/unlock")).registerUnlock,
  },
  {
    name: "analyze",
    summary: "write the trial report (self-contained HTML) and, with --json, its numbers",
    load: async () => (await import("./commands/analyze")).registerAnalyze,
  },
  {
    name: "randomize",
    summary: "allocate the subjects of a CSV file by a protocol's randomization, to check a design",
    load: async () => (await import("./commands/randomize")).registerRandomize,
  },
];

/**
 * The program for these arguments: the command they name is loaded and registered with all its
 * options; every other command is listed by its name and summary only.
 *
 * @example
 * const program = await cicloProgram(cicloCommands, ["node", "ciclo", "stats", "km", "--data", "a.csv"]);
 * await program.parseAsync(["node", "ciclo", "stats", "km", "--data", "a.csv"]);
 */
export async function cicloProgram(commands: LazyCommand[], argv: string[]): Promise<Command> {
  const program = new Command()
    .name("ciclo")
    .description("Ciclo: run a hormone-immunotherapy trial from protocol to report")
    .showHelpAfterError();
  // `ciclo help stats` asks for the same command as `ciclo stats --help`.
  const named = argv[2] === "help" ? argv[3] : argv[2];
  const asked = commands.find((command) => command.name === named);
  // First, since its module may add other commands too (backup adds restore).
  if (asked) (await asked.load())(program);
  for (const command of commands) {
    if (!program.commands.some((added) => added.name() === command.name)) {
      program.command(command.name).description(command.summary);
    }
  }
  return program;
}

/**
 * Runs `ciclo` with the process's arguments. A data directory in use or damaged is the user's
 * situation, not a bug: its message goes to standard error with exit code 1.
 */
export async function runCiclo(commands: LazyCommand[], argv = process.argv): Promise<void> {
  const program = await cicloProgram(commands, argv);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const { StoreUnavailable } = await import("@ciclo/store");
    if (!(error instanceof StoreUnavailable)) throw error;
    console.error(`ciclo: ${error.message}`);
    process.exit(1);
  }
}
