import { Command } from "commander";
import { registerStatsCommand } from "../src/commands/stats";

/** Runs `ciclo stats …` in-process and returns what it printed and any failure message. */
export async function runStats(args: string[]): Promise<{ output: string; failure?: string }> {
  let output = "";
  let failure: string | undefined;
  const program = new Command().exitOverride();
  registerStatsCommand(program, {
    write: (text) => {
      output += text;
    },
    fail: (message) => {
      failure = message;
    },
  });
  await program.parseAsync(["node", "ciclo", "stats", ...args]);
  return { output, failure };
}

/**
 * Runs `ciclo stats … --json` and parses its output; with `nullAsNaN`, JSON's null (R's NA) is
 * read back as NaN so that it compares with expectClose like R's NA.
 */
export async function runStatsJson(args: string[], { nullAsNaN = false } = {}) {
  const { output, failure } = await runStats([...args, "--json"]);
  if (failure) throw new Error(failure);
  return JSON.parse(
    output,
    nullAsNaN ? (_key, value) => (value === null ? Number.NaN : value) : undefined,
  );
}
