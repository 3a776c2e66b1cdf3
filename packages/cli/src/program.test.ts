import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { cicloCommands, cicloProgram } from "./program";

const names = cicloCommands.map((command) => command.name);

describe("the ciclo program loads only the command that runs", () => {
  it("lists each command with its own description, read without loading it", async () => {
    for (const command of cicloCommands) {
      const program = new Command();
      (await command.load())(program);
      const registered = program.commands.find((added) => added.name() === command.name);
      expect(registered?.description(), command.name).toBe(command.summary);
    }
  });

  it("builds `ciclo --help` from the names and summaries alone", async () => {
    const program = await cicloProgram(cicloCommands, ["node", "ciclo", "--help"]);
    expect(program.commands.map((command) => command.name())).toEqual(names);
    expect(program.commands.every((command) => command.options.length === 0)).toBe(true);
    expect(program.helpInformation()).toContain(
      "unlock          lift the lock that failed sign-ins put on an account",
    );
  });

  it("registers the named command in full for `ciclo stats` and `ciclo help stats`", async () => {
    for (const argv of [
      ["node", "ciclo", "stats", "km", "--data", "a.csv"],
      ["node", "ciclo", "help", "stats"],
    ]) {
      const program = await cicloProgram(cicloCommands, argv);
      expect(program.commands.map((command) => command.name()).sort()).toEqual([...names].sort());
      const stats = program.commands.find((command) => command.name() === "stats");
      expect(stats?.commands.map((command) => command.name())).toContain("km");
      const design = program.commands.find((command) => command.name() === "design");
      expect(design?.commands).toEqual([]);
    }
  });

  it("registers backup and restore, which share a module, once each", async () => {
    const program = await cicloProgram(cicloCommands, ["node", "ciclo", "restore", "--help"]);
    expect(program.commands.map((command) => command.name()).sort()).toEqual([...names].sort());
    const restore = program.commands.find((command) => command.name() === "restore");
    expect(restore?.options.map((option) => option.long)).toContain("--file");
  });
});
