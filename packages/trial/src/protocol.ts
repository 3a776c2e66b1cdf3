import { parse as parseYaml } from "yaml";
import { z } from "zod";
import seedDocument from "../protocols/ciclo-pilot.json";

/**
 * The protocol document: every rule of the trial as data. A site or a later protocol version
 * changes these values, never the code. Validated by `parseProtocol`.
 */
const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "write the date as YYYY-MM-DD");
export const timeOrigins = ["hormoneTherapyStart", "metastaticDiagnosis", "firstIfn"] as const;
export type TimeOrigin = (typeof timeOrigins)[number];

const drugSchema = z.object({
  code: z.enum(["ifn-beta", "il-2"]).describe("Which cytokine"),
  label: z.string().min(1),
  dose: z.number().positive(),
  unit: z.string().min(1),
  route: z.enum(["im", "sc", "iv"]),
  weeks: z
    .tuple([z.number().int().min(1), z.number().int().min(1)])
    .refine(([from, to]) => from <= to, "weeks must be [first, last] with first ≤ last"),
  weekdays: z
    .array(weekday)
    .min(1, 'give at least one weekday, e.g. ["mon", "wed", "fri"]')
    .refine(
      (days) => new Set(days).size === days.length,
      "a weekday is listed twice; a drug is given at most once a day",
    ),
});

const cutoffSchema = z.object({
  analyte: z.string().min(1),
  value: z.number().positive(),
  unit: z.string().min(1),
  assay: z.string().optional().describe("Assay the cut-off belongs to; omitted means any"),
  effectiveFrom: isoDate,
});

const cvSchema = z.object({
  belowCutoff: z.number().positive().max(1, "write a CV as a fraction, e.g. 0.149 for 14.9%"),
  aboveCutoff: z.number().positive().max(1, "write a CV as a fraction, e.g. 0.096 for 9.6%"),
});

export const protocolSchema = z
  .object({
    id: z.string().min(1),
    version: z.number().int().positive(),
    title: z.string().min(1),
    effectiveDate: isoDate,
    cycle: z.object({
      lengthWeeks: z.number().int().min(1).max(52),
      repeatUntil: z.enum(["progression"]),
    }),
    arms: z
      .array(
        z.object({
          code: z.string().min(1),
          label: z.string().min(1),
          immunotherapy: z.boolean().describe("false for the control arm: anti-estrogen alone"),
        }),
      )
      .min(1, "give at least one arm"),
    antiEstrogen: z.object({
      agents: z.array(z.string().min(1)).min(1),
      continuous: z.boolean(),
    }),
    drugs: z.array(drugSchema).min(1),
    controlVisits: z.object({
      everyWeeks: z.number().int().min(1),
      windowDays: z.number().int().min(0),
    }),
    sampling: z.object({
      preIl2: z.object({ daysBefore: z.number().int().min(0).max(7) }),
      postIl2: z
        .object({ minHours: z.number().min(0), maxHours: z.number().positive() })
        .refine((window) => window.minHours < window.maxHours, "minHours must be below maxHours"),
    }),
    markers: z.object({
      standardization: z.enum(["cutoff", "baseline"]),
      cutoffs: z.array(cutoffSchema).min(1),
      rcv: z.object({
        z: z.number().positive().describe("1.96 for a two-sided 95% change"),
        totalCv: z.record(z.string(), cvSchema),
      }),
      signal: z.object({ confirmOnNextDraw: z.boolean() }),
      postIl2ChangeFraction: z
        .number()
        .min(0)
        .max(1)
        .describe("A post/pre ratio within 1 ± this is 'no change'"),
    }),
    treg: z.object({
      analyte: z.string().min(1),
      k: z.number().gt(1, "k must exceed 1: the rule detects a rise"),
      baselineDraws: z.number().int().min(1),
      confirmOnNextDraw: z.boolean(),
      origin: z.enum(timeOrigins),
    }),
    clinicalBenefit: z.object({
      responses: z.array(z.enum(["CR", "PR", "SD"])).min(1),
      stableDiseaseWeeks: z.number().int().min(0),
    }),
    timeOrigin: z.enum(timeOrigins).describe("Default origin of PFS and OS"),
  })
  .superRefine((protocol, context) => {
    protocol.drugs.forEach((drug, index) => {
      if (drug.weeks[1] > protocol.cycle.lengthWeeks) {
        context.addIssue({
          code: "custom",
          path: ["drugs", index, "weeks"],
          message: `week ${drug.weeks[1]} is past the end of a ${protocol.cycle.lengthWeeks}-week cycle`,
        });
      }
    });
    if (!protocol.arms.some((arm) => arm.immunotherapy)) {
      context.addIssue({
        code: "custom",
        path: ["arms"],
        message: "no arm receives immunotherapy",
      });
    }
  });

export type Protocol = z.infer<typeof protocolSchema>;
export type Drug = Protocol["drugs"][number];
export type Weekday = z.infer<typeof weekday>;

export interface ProtocolProblem {
  /** Where in the document, e.g. `drugs[1].weekdays`. */
  path: string;
  message: string;
}

/**
 * Validates a protocol document given as an object, JSON text or YAML text.
 *
 * @example
 * parseProtocol({ ...seedProtocol, drugs: [] });
 * // => { ok: false, problems: [{ path: "drugs", message: "Too small: expected array to have >=1 items" }] }
 */
export function parseProtocol(
  document: unknown,
): { ok: true; protocol: Protocol } | { ok: false; problems: ProtocolProblem[] } {
  let value = document;
  if (typeof document === "string") {
    try {
      value = parseYaml(document); // YAML is a superset of JSON, so this reads both.
    } catch (error) {
      return {
        ok: false,
        problems: [
          { path: "(document)", message: `not JSON or YAML: ${(error as Error).message}` },
        ],
      };
    }
  }
  const parsed = protocolSchema.safeParse(value);
  if (parsed.success) return { ok: true, protocol: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      path: pathOf(issue.path),
      message: issue.message,
    })),
  };
}

function pathOf(path: PropertyKey[]): string {
  return (
    path
      .map((key, index) =>
        typeof key === "number" ? `[${key}]` : `${index ? "." : ""}${String(key)}`,
      )
      .join("") || "(document)"
  );
}

function validatedSeed(): Protocol {
  const parsed = parseProtocol(seedDocument);
  if (!parsed.ok)
    throw new Error(`the seed protocol is invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.protocol;
}

/** The pilot protocol of the Pisa study (protocols/ciclo-pilot.json), validated. */
export const seedProtocol: Protocol = validatedSeed();

/** The cut-off in force for a marker on a date (the latest one effective by then, for the assay). */
export function cutoffOn(protocol: Protocol, analyte: string, date: string, assay?: string) {
  return protocol.markers.cutoffs
    .filter((cutoff) => cutoff.analyte === analyte && cutoff.effectiveFrom <= date)
    .filter((cutoff) => !cutoff.assay || !assay || cutoff.assay === assay)
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
}
