import { z } from "zod";
import { analytes } from "./analytes";
import { isPlainDate } from "./plain-date";
import { eligibilitySchema, randomizationSchema, stageGateSchema } from "./randomization-schema";

/**
 * The protocol document: every number a rule of the trial uses, versioned, as data. Ciclo keeps
 * the published trial's defaults in the seed file `protocols/ciclo-pilot.json`; a site or a new
 * trial changes them here, never in code.
 *
 * Weekdays are ISO numbers (1 = Monday … 7 = Sunday). Weeks are weeks of the cycle, 1-based.
 * Fractions (CVs) are proportions: 0.154 means 15.4 %.
 */

const plainDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "write the date as YYYY-MM-DD, e.g. 1992-01-01")
  .refine(isPlainDate, "not a calendar date");
const code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "use lower-case letters, digits and dashes, e.g. 'il-2'");
const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "write the time as HH:MM (24 h, UTC), e.g. '09:00'");
const proportion = z
  .number()
  .gt(0, "give a proportion above 0, e.g. 0.154 for 15.4 %")
  .lt(1, "give a proportion below 1, e.g. 0.154 for 15.4 % (not 15.4)");

const weekdays = z
  .array(
    z
      .number()
      .int()
      .min(1, "weekdays run 1 (Monday) to 7 (Sunday)")
      .max(7, "weekdays run 1 (Monday) to 7 (Sunday)"),
  )
  .min(1, "list at least one weekday (1 = Monday … 7 = Sunday)")
  .refine((days) => new Set(days).size === days.length, "list each weekday once");

/** The time origins a survival time or a time-to-event can be measured from. */
export const timeOrigins = [
  "hormoneTherapyStart",
  "metastaticDiagnosis",
  "firstIfn",
  "enrolment",
] as const;
export type TimeOrigin = (typeof timeOrigins)[number];
const timeOrigin = z.enum(timeOrigins, {
  error: `use one of ${timeOrigins.join(", ")}`,
});

export const drugSchema = z.strictObject({
  code,
  name: z.string().min(1),
  /** 'cytokine' drugs follow the cycle; the anti-estrogen runs continuously and is not planned per dose. */
  role: z.enum(["cytokine"], {
    error: "only cytokines are planned per dose; give role 'cytokine'",
  }),
  dose: z.number().positive("give a dose above 0"),
  unit: z.string().min(1, "give the dose unit, e.g. 'IU'"),
  route: z.enum(["im", "sc", "oral", "iv"], { error: "use route im, sc, oral or iv" }),
  /** Doses per administration day; the scheduler plans one administration per day and drug. */
  weekdays,
  weeks: z
    .array(z.number().int().min(1, "cycle weeks start at 1"))
    .min(1, "list the cycle weeks the drug is given in, e.g. [1, 2, 3, 4]"),
  /** Planned time of day (UTC) used for sampling windows until the real time is recorded. */
  plannedTime: timeOfDay.default("09:00"),
});
export type Drug = z.infer<typeof drugSchema>;

export const visitSchema = z.strictObject({
  code,
  label: z.string().min(1),
  cycleWeek: z.number().int().min(1, "cycle weeks start at 1"),
  weekday: z.number().int().min(1).max(7, "weekdays run 1 (Monday) to 7 (Sunday)"),
  /** Days before and after the planned date the visit still counts as on time. */
  windowDays: z.number().int().min(0).default(3),
  panels: z.array(z.string().min(1)).min(1, "name the panels taken, e.g. ['markers', 'immune']"),
});
export type Visit = z.infer<typeof visitSchema>;

export const armSchema = z.strictObject({
  code,
  label: z.string().min(1),
  /** The control arm gets the anti-estrogen alone. */
  control: z.boolean(),
  /** Subjects had to be in clinical benefit before starting (the treated pilot cohort). */
  requiresClinicalBenefitAtEntry: z.boolean().default(false),
  drugs: z.array(drugSchema),
  visits: z.array(visitSchema),
});
export type Arm = z.infer<typeof armSchema>;

export const phaseSchema = z.strictObject({
  name: z.string().min(1),
  firstWeek: z.number().int().min(1, "cycle weeks start at 1"),
  lastWeek: z.number().int().min(1, "cycle weeks start at 1"),
  /** Drugs given in this phase; an empty list is a rest phase (anti-estrogen alone). */
  drugs: z.array(code),
});
export type Phase = z.infer<typeof phaseSchema>;

const cvPair = z.union([
  z.strictObject({ total: proportion }),
  z.strictObject({ analytical: proportion, withinSubject: proportion }),
]);

export const markerRuleSchema = z.strictObject({
  analyte: z.string().min(1),
  /** CVs used by the reference change value, for a reference value below or above the cut-off. */
  cvBelowCutoff: cvPair,
  cvAboveCutoff: cvPair,
});

export const cutoffSchema = z.strictObject({
  analyte: z.string().min(1),
  value: z.number().positive("give a cut-off above 0"),
  unit: z.string().min(1),
  /** '*' for any assay, else the assay/method as recorded with results. */
  assay: z.string().min(1).default("*"),
  /** '*' for every site, else a site id. */
  site: z.string().min(1).default("*"),
  validFrom: plainDate,
  validTo: plainDate.nullable().default(null),
});
export type Cutoff = z.infer<typeof cutoffSchema>;

export const protocolSchema = z
  .object({
    /** Format of this document; only 1 exists. */
    schemaVersion: z.literal(1, { error: "schemaVersion must be 1" }),
    id: code,
    version: z.string().min(1, "give the protocol version, e.g. '1.0'"),
    title: z.string().min(1),
    effectiveFrom: plainDate,
    cycle: z.strictObject({
      lengthDays: z
        .number()
        .int()
        .min(7, "a cycle lasts at least 7 days")
        .multipleOf(7, "give whole weeks (a multiple of 7 days)"),
      phases: z.array(phaseSchema).min(1, "list the cycle's phases"),
    }),
    antiEstrogen: z.strictObject({
      continuous: z.boolean(),
      agents: z
        .array(
          z.strictObject({
            code,
            name: z.string().min(1),
            class: z.enum(["SERM", "SERD", "AI", "LHRH", "CDK4/6"], {
              error: "use class SERM, SERD, AI, LHRH or CDK4/6",
            }),
          }),
        )
        .min(1, "list the anti-estrogen agents allowed"),
    }),
    arms: z.array(armSchema).min(1, "list the arms, including the control arm"),
    sampling: z.strictObject({
      /** The drug whose doses the pre/post samples relate to. */
      il2Drug: code,
      pre: z.strictObject({
        /** A pre sample is drawn at most this many days before the cycle's first IL-2 dose. */
        maxDaysBefore: z.number().int().min(0),
        panels: z.array(z.string().min(1)).min(1),
      }),
      post: z.strictObject({
        minHoursAfter: z.number().min(0),
        maxHoursAfter: z.number().positive(),
        /** Which IL-2 doses of a cycle (1 = first) are followed by a post sample window. */
        afterDoses: z.array(z.number().int().min(1)).min(1),
        panels: z.array(z.string().min(1)).min(1),
      }),
    }),
    markers: z.strictObject({
      analytes: z.array(z.string().min(1)).min(1),
      cutoffs: z.array(cutoffSchema).min(1, "give at least one cut-off per marker"),
      rcv: z.strictObject({
        /** z of the two-sided level: 1.96 for 95 %. */
        z: z.number().positive(),
        coefficients: z.array(markerRuleSchema).min(1),
      }),
      standardization: z.enum(["cutoff", "baseline"], {
        error:
          "use standardization 'cutoff' (value ÷ cut-off) or 'baseline' (value ÷ pre-IL-2 value)",
      }),
      signal: z.strictObject({
        requireAboveCutoff: z.boolean(),
        /** Draws the signal reads; post-IL-2 draws carry the cytokine's transient effect. */
        relations: z
          .array(z.enum(["pre", "post", "routine"]))
          .min(1, "list the draws the signal reads, e.g. ['pre', 'routine']")
          .default(["pre", "routine"]),
        /** Further draws that must confirm the rise (1 = the next draw). */
        confirmations: z.number().int().min(0),
        /**
         * The window before progression in which a signal counts as leading it (months): an
         * older signal is a false alarm that happened to precede a later progression. Default
         * 60: the published leads (12.1 ± 12.9 months) reach beyond two years.
         */
        leadWindowMonths: z.number().positive().default(60),
      }),
    }),
    treg: z.strictObject({
      analyte: z.string().min(1),
      k: z.number().gt(1, "k must exceed 1, e.g. 2 for a doubling"),
      baselineDraws: z.number().int().min(1),
      confirmations: z.number().int().min(0),
      origin: timeOrigin,
    }),
    response: z.strictObject({
      criteria: z.enum(["RECIST1.1"], {
        error: "only RECIST1.1 is derived; WHO assessments are stored as recorded",
      }),
      confirmResponses: z.boolean(),
      confirmationMinWeeks: z.number().min(0),
      sdMinWeeks: z.number().min(0),
    }),
    clinicalBenefit: z.strictObject({
      responses: z.array(z.enum(["CR", "PR"])),
      stableMinWeeks: z.number().min(0),
      stableFrom: timeOrigin,
    }),
    outcomes: z.strictObject({
      origins: z.array(timeOrigin).min(1),
      defaultOrigin: timeOrigin,
      landmarkMonths: z.array(z.number().positive()).default([]),
      /**
       * The primary endpoint the protocol names: its arm comparison (log-rank) is the primary
       * analysis, and every other P-value of the report is secondary and Holm-adjusted.
       */
      primaryEndpoint: z.enum(["pfs", "os"]).default("pfs"),
    }),
    /** A randomized protocol's allocation; without it the investigator enters the arm. */
    randomization: randomizationSchema.optional(),
    /** The inclusion and exclusion criteria checked before randomization. */
    eligibility: eligibilitySchema.optional(),
    /** A single-arm phase II's interim stop (Simon two-stage). */
    stageGate: stageGateSchema.optional(),
  })
  .superRefine((protocol, context) => {
    if (protocol.randomization) checkRandomization(protocol, context);
    const cycleWeeks = protocol.cycle.lengthDays / 7;
    protocol.cycle.phases.forEach((phase, index) => {
      if (phase.lastWeek < phase.firstWeek || phase.lastWeek > cycleWeeks)
        context.addIssue({
          code: "custom",
          path: ["cycle", "phases", index, "lastWeek"],
          message: `lastWeek must lie between firstWeek (${phase.firstWeek}) and the cycle's ${cycleWeeks} weeks`,
        });
    });
    const markerSet = new Set(protocol.markers.analytes);
    protocol.markers.cutoffs.forEach((cutoff, index) => {
      if (!markerSet.has(cutoff.analyte))
        context.addIssue({
          code: "custom",
          path: ["markers", "cutoffs", index, "analyte"],
          message: `'${cutoff.analyte}' is not in markers.analytes (${[...markerSet].join(", ")}); add it there or fix the code`,
        });
    });
    for (const analyte of markerSet) {
      if (!protocol.markers.cutoffs.some((cutoff) => cutoff.analyte === analyte))
        context.addIssue({
          code: "custom",
          path: ["markers", "cutoffs"],
          message: `give a cut-off for ${analyte}`,
        });
      if (!protocol.markers.rcv.coefficients.some((rule) => rule.analyte === analyte))
        context.addIssue({
          code: "custom",
          path: ["markers", "rcv", "coefficients"],
          message: `give the CVs below and above the cut-off for ${analyte}`,
        });
    }
    protocol.arms.forEach((arm, armIndex) => {
      arm.drugs.forEach((drug, drugIndex) => {
        drug.weeks.forEach((week, weekIndex) => {
          const phase = protocol.cycle.phases.find(
            (p) => week >= p.firstWeek && week <= p.lastWeek,
          );
          if (!phase?.drugs.includes(drug.code))
            context.addIssue({
              code: "custom",
              path: ["arms", armIndex, "drugs", drugIndex, "weeks", weekIndex],
              message: `week ${week} is not in a phase that gives ${drug.code}; give ${drug.code} only in weeks of its phase${phase ? ` (week ${week} is '${phase.name}')` : ""}`,
            });
        });
      });
      arm.visits.forEach((visit, visitIndex) => {
        if (visit.cycleWeek > cycleWeeks)
          context.addIssue({
            code: "custom",
            path: ["arms", armIndex, "visits", visitIndex, "cycleWeek"],
            message: `cycleWeek ${visit.cycleWeek} is past the cycle's ${cycleWeeks} weeks`,
          });
      });
    });
    const duplicate = (codes: string[]) => codes.find((code, i) => codes.indexOf(code) !== i);
    const armCode = duplicate(protocol.arms.map((arm) => arm.code));
    if (armCode)
      context.addIssue({
        code: "custom",
        path: ["arms"],
        message: `arm code '${armCode}' is used twice; give each arm its own code`,
      });
    protocol.arms.forEach((arm, armIndex) => {
      const drugCode = duplicate(arm.drugs.map((drug) => drug.code));
      if (drugCode)
        context.addIssue({
          code: "custom",
          path: ["arms", armIndex, "drugs"],
          message: `drug '${drugCode}' is listed twice in arm '${arm.code}'; merge its weeks into one entry`,
        });
    });
    if (
      !protocol.arms.some((arm) =>
        arm.drugs.some((drug) => drug.code === protocol.sampling.il2Drug),
      )
    )
      context.addIssue({
        code: "custom",
        path: ["sampling", "il2Drug"],
        message: `no arm gives '${protocol.sampling.il2Drug}'; name the IL-2 drug of an arm`,
      });
    const known = (code: string) => code in analytes;
    protocol.markers.analytes.forEach((code, index) => {
      if (!known(code))
        context.addIssue({
          code: "custom",
          path: ["markers", "analytes", index],
          message: `'${code}' is not in the analyte catalogue; use e.g. CEA, CA15-3 or TPA`,
        });
    });
    if (!["TREG", "TREG_PCT"].includes(protocol.treg.analyte))
      context.addIssue({
        code: "custom",
        path: ["treg", "analyte"],
        message: "use TREG (absolute count) or TREG_PCT (percentage of CD4+)",
      });
    if (!protocol.arms.some((arm) => arm.control))
      context.addIssue({
        code: "custom",
        path: ["arms"],
        message: "mark one arm as the control arm (control: true, anti-estrogen alone)",
      });
    if (!protocol.outcomes.origins.includes(protocol.outcomes.defaultOrigin))
      context.addIssue({
        code: "custom",
        path: ["outcomes", "defaultOrigin"],
        message: `defaultOrigin must be one of outcomes.origins (${protocol.outcomes.origins.join(", ")})`,
      });
    if (protocol.sampling.post.maxHoursAfter <= protocol.sampling.post.minHoursAfter)
      context.addIssue({
        code: "custom",
        path: ["sampling", "post", "maxHoursAfter"],
        message: "maxHoursAfter must exceed minHoursAfter",
      });
  });

/**
 * A validated protocol document.
 *
 * @example
 * const weeks = seedProtocol.cycle.lengthDays / 7; // => 10
 */
export type Protocol = z.infer<typeof protocolSchema>;

/** A randomization names every arm once, and its blocks hold whole multiples of the ratio. */
function checkRandomization(
  protocol: { arms: { code: string }[]; randomization?: z.infer<typeof randomizationSchema> },
  context: z.RefinementCtx,
): void {
  const design = protocol.randomization;
  if (!design) return;
  const arms = protocol.arms.map((arm) => arm.code).sort();
  const shared = Object.keys(design.ratio).sort();
  if (arms.join() !== shared.join())
    context.addIssue({
      code: "custom",
      path: ["randomization", "ratio"],
      message: `give a share to each arm of the protocol (${arms.join(", ")}), and only to them`,
    });
  const total = Object.values(design.ratio).reduce((sum, share) => sum + share, 0);
  if (design.method === "permuted-blocks" && !design.blockSizes)
    context.addIssue({
      code: "custom",
      path: ["randomization", "blockSizes"],
      message: `give the block sizes to draw from, e.g. [${2 * total}, ${3 * total}]`,
    });
  design.blockSizes?.forEach((size, index) => {
    if (size % total !== 0)
      context.addIssue({
        code: "custom",
        path: ["randomization", "blockSizes", index],
        message: `a block of ${size} cannot keep the ratio; use a multiple of ${total}`,
      });
  });
  const codes = design.factors.map((factor) => factor.code);
  const twice = codes.find((code, index) => codes.indexOf(code) !== index);
  if (twice)
    context.addIssue({
      code: "custom",
      path: ["randomization", "factors"],
      message: `factor '${twice}' is listed twice`,
    });
}
