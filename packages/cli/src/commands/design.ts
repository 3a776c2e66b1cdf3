/**
 * `ciclo design`: planning the next trial. Subcommands `simon` (Simon's two-stage phase II
 * designs) and `events` (events and patients for a two-arm time-to-event comparison). Other
 * design subcommands add themselves to the command {@link registerDesignCommand} returns.
 */
import {
  type EventMethod,
  requiredEvents,
  type SimonDesign,
  simonTwoStage,
  subjectsForEvents,
} from "@ciclo/stats";
import { type Command, InvalidArgumentError, Option } from "commander";

/** Where a command writes; tests pass their own. */
export interface DesignIo {
  write: (text: string) => void;
  fail: (message: string) => void;
}

const processIo: DesignIo = {
  write: (text) => process.stdout.write(text),
  fail: (message) => {
    process.stderr.write(`ciclo design: ${message}\n`);
    process.exitCode = 2;
  },
};

/**
 * Adds `design` with its `simon` and `events` subcommands to the program and returns the
 * `design` command, to which other subcommands (e.g. `power`) can be added.
 *
 * @example
 * const design = registerDesignCommand(program);
 * design.command("power")…
 */
export function registerDesignCommand(program: Command, io: DesignIo = processIo): Command {
  const design = program
    .command("design")
    .description(
      "Design a trial: Simon two-stage phase II designs, events and sample size for survival comparisons",
    );
  addSimon(design, io);
  addEvents(design, io);
  return design;
}

function parseProbability(value: string): number {
  const number = Number(value);
  if (!(number > 0 && number < 1))
    throw new InvalidArgumentError("give a number strictly between 0 and 1");
  return number;
}

function parsePositive(value: string): number {
  const number = Number(value);
  if (!(number > 0 && Number.isFinite(number))) throw new InvalidArgumentError("give a number > 0");
  return number;
}

function parseWhole(value: string): number {
  const number = Number(value);
  if (!(Number.isInteger(number) && number >= 2))
    throw new InvalidArgumentError("give a whole number ≥ 2");
  return number;
}

function addSimon(design: Command, io: DesignIo) {
  design
    .command("simon")
    .description(
      "Simon (1989) optimal and minimax two-stage designs: stop after stage 1 if responses ≤ r1 of n1; declare inactive if responses ≤ r of n",
    )
    .requiredOption("--p0 <rate>", "response rate not worth pursuing", parseProbability)
    .requiredOption("--p1 <rate>", "response rate worth pursuing", parseProbability)
    .option("--alpha <alpha>", "one-sided type I error", parseProbability, 0.05)
    .option("--beta <beta>", "type II error (1 − power)", parseProbability, 0.2)
    .option("--n-max <n>", "largest total sample size searched", parseWhole, 100)
    .option("--json", "print JSON")
    .action(
      (options: {
        p0: number;
        p1: number;
        alpha: number;
        beta: number;
        nMax: number;
        json?: boolean;
      }) => {
        const designs = simonTwoStage(options);
        if (!designs.ok) return io.fail(designs.problem.message);
        const { p0, p1, alpha, beta, nMax } = options;
        const result = { p0, p1, alpha, beta, nMax, ...designs.value };
        if (options.json) return io.write(`${JSON.stringify(result, null, 2)}\n`);
        const line = (name: string, d: SimonDesign) =>
          `${name}: r1/n1 = ${d.r1}/${d.n1}, r/n = ${d.r}/${d.n}, EN0 = ${d.en0.toFixed(1)}, PET0 = ${d.pet0.toFixed(2)}, alpha = ${d.alpha.toFixed(4)}, power = ${d.power.toFixed(4)}\n`;
        io.write(line("optimal", designs.value.optimal) + line("minimax", designs.value.minimax));
      },
    );
}

function addEvents(design: Command, io: DesignIo) {
  design
    .command("events")
    .description(
      "Events (and patients) needed to detect a hazard ratio with a two-sided log-rank test",
    )
    .requiredOption("--hr <ratio>", "hazard ratio to detect, e.g. 0.7", parsePositive)
    .option("--alpha <alpha>", "two-sided significance level", parseProbability, 0.05)
    .option("--power <power>", "power", parseProbability, 0.8)
    .option(
      "--allocation <fraction>",
      "fraction of patients in the experimental arm",
      parseProbability,
      0.5,
    )
    .addOption(
      new Option("--method <method>", "formula")
        .choices(["schoenfeld", "freedman"])
        .default("schoenfeld"),
    )
    .option(
      "--event-probability <p>",
      "probability that a patient's event is observed; adds the patients to enrol",
      parsePositive,
    )
    .option("--json", "print JSON")
    .action(
      (options: {
        hr: number;
        alpha: number;
        power: number;
        allocation: number;
        method: EventMethod;
        eventProbability?: number;
        json?: boolean;
      }) => {
        const { hr: hazardRatio, alpha, power, allocation, method } = options;
        const events = requiredEvents({ hazardRatio, alpha, power, allocation }, method);
        if (!events.ok) return io.fail(events.problem.message);
        const required = Math.ceil(events.value);
        let subjects: number | null = null;
        if (options.eventProbability !== undefined) {
          const counted = subjectsForEvents(required, options.eventProbability);
          if (!counted.ok) return io.fail(counted.problem.message);
          subjects = counted.value;
        }
        const result = {
          method,
          hazardRatio,
          alpha,
          power,
          allocation,
          events: events.value,
          eventsRequired: required,
          subjects,
        };
        if (options.json) return io.write(`${JSON.stringify(result, null, 2)}\n`);
        io.write(
          `${required} events (${method}: ${events.value.toFixed(2)} unrounded)${subjects === null ? "" : `, ${subjects} patients`}\n`,
        );
      },
    );
}
