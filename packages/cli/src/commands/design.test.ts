import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerDesignCommand } from "./design";

async function run(args: string[]): Promise<{ output: string; failure?: string }> {
  let output = "";
  let failure: string | undefined;
  const program = new Command().exitOverride();
  registerDesignCommand(program, {
    write: (text) => {
      output += text;
    },
    fail: (message) => {
      failure = message;
    },
  });
  await program.parseAsync(["node", "ciclo", "design", ...args]);
  return { output, failure };
}

describe("ciclo design simon", () => {
  it("prints Simon's (1989) Table 1 designs for p0 0.1, p1 0.3", async () => {
    const { output } = await run([
      "simon",
      "--p0",
      "0.1",
      "--p1",
      "0.3",
      "--alpha",
      "0.05",
      "--beta",
      "0.2",
      "--json",
    ]);
    const json = JSON.parse(output);
    // Simon (1989) Table 1: optimal 1/10, 5/29; minimax 1/15, 5/25
    expect([json.optimal.r1, json.optimal.n1, json.optimal.r, json.optimal.n]).toEqual([
      1, 10, 5, 29,
    ]);
    expect([json.minimax.r1, json.minimax.n1, json.minimax.r, json.minimax.n]).toEqual([
      1, 15, 5, 25,
    ]);
    expect(json.optimal.en0.toFixed(1)).toBe("15.0");
  });
  it("refuses p1 below p0 with a message", async () => {
    const { failure } = await run(["simon", "--p0", "0.3", "--p1", "0.1"]);
    expect(failure).toBe("p1 (0.1) must exceed p0 (0.3): p1 is the response rate worth pursuing");
  });
});

describe("ciclo design events", () => {
  it("gives Schoenfeld's and Freedman's events (design.json)", async () => {
    // design.json: HR 0.7, alpha 0.05, power 0.8, 1:1 — Schoenfeld 246.7871045473584, Freedman 252.03624924743164
    const schoenfeld = JSON.parse((await run(["events", "--hr", "0.7", "--json"])).output);
    expect(schoenfeld.events).toBeCloseTo(246.7871045473584, 9);
    expect(schoenfeld.eventsRequired).toBe(247);
    const freedman = JSON.parse(
      (
        await run([
          "events",
          "--hr",
          "0.7",
          "--method",
          "freedman",
          "--event-probability",
          "0.6",
          "--json",
        ])
      ).output,
    );
    expect(freedman.events).toBeCloseTo(252.03624924743164, 9);
    expect(freedman.subjects).toBe(Math.ceil(253 / 0.6));
  });
  it("refuses a hazard ratio of 1", async () => {
    const { failure } = await run(["events", "--hr", "1"]);
    expect(failure).toBe("hazardRatio is 1; give a hazard ratio > 0 and ≠ 1, such as 0.7");
  });
});
