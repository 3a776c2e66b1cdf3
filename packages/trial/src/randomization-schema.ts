import { z } from "zod";

/**
 * How a randomized protocol allocates its subjects, as protocol data: the method, the
 * allocation ratio between arms, and the stratification factors. The seed is not here: it is
 * a secret the server keeps, never part of a document a site can read.
 */
const armCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "use an arm code of the protocol, e.g. 'control'");

export const stratificationFactorSchema = z.strictObject({
  /** The name of the factor in a subject's levels and in `ciclo randomize`'s CSV, e.g. `visceral`. */
  code: z.string().regex(/^[a-z][a-z0-9_]*$/, "use lower-case letters, digits and _, e.g. 'dfi'"),
  label: z.string().min(1),
  /** The levels a subject can have; left out for the site, whose levels are the study's sites. */
  levels: z.array(z.string().min(1)).min(2, "give at least two levels").optional(),
  /** The factor's weight in minimization's imbalance (1 by default). */
  weight: z.number().positive().default(1),
});
export type StratificationFactor = z.infer<typeof stratificationFactorSchema>;

export const randomizationMethods = ["permuted-blocks", "minimization"] as const;
export type RandomizationMethod = (typeof randomizationMethods)[number];

export const randomizationSchema = z.strictObject({
  method: z.enum(randomizationMethods, {
    error: "use method 'permuted-blocks' (stratified) or 'minimization' (Pocock–Simon)",
  }),
  /** Each arm's share of the allocations, e.g. { immunotherapy: 1, control: 1 } for 1:1. */
  ratio: z.record(armCode, z.number().int().min(1, "give each arm a whole share of 1 or more")),
  factors: z.array(stratificationFactorSchema).default([]),
  /** Permuted blocks: the sizes a block is drawn from at random, e.g. [4, 6]. */
  blockSizes: z.array(z.number().int().min(2)).min(1).optional(),
  minimization: z
    .strictObject({
      /** Probability of the arm that minimizes the imbalance (Pocock–Simon's p). */
      probability: z.number().gt(0.5, "give a probability above 0.5, e.g. 0.8").max(1),
      imbalance: z.enum(["range", "variance"]).default("range"),
    })
    .default({ probability: 0.8, imbalance: "range" }),
});
export type RandomizationDesign = z.infer<typeof randomizationSchema>;

/** A criterion that can be checked from a subject's recorded fields. */
const ruleSchema = z.strictObject({
  /** The subject's field, e.g. `menopausalStatus`. */
  field: z.string().min(1),
  /** The recorded values that meet the criterion. */
  in: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
});

export const criterionSchema = z.strictObject({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "use a code like 'postmenopausal'"),
  /** The question the investigator answers, e.g. "Is the patient postmenopausal?". */
  question: z.string().min(1),
  rule: ruleSchema.optional(),
});
export type EligibilityCriterion = z.infer<typeof criterionSchema>;

export const eligibilitySchema = z.strictObject({
  /** Every one must be met. */
  inclusion: z.array(criterionSchema).default([]),
  /** None may be met. */
  exclusion: z.array(criterionSchema).default([]),
});
export type Eligibility = z.infer<typeof eligibilitySchema>;

/** Simon's two-stage gate of a single-arm phase II (from `ciclo design simon`). */
export const stageGateSchema = z
  .strictObject({
    design: z.literal("simon"),
    /** Subjects in stage 1. */
    n1: z.number().int().min(1),
    /** Stage 1 stops the trial with r1 responses or fewer. */
    r1: z.number().int().min(0),
    /** Subjects in all. */
    n: z.number().int().min(2),
  })
  .refine((gate) => gate.r1 < gate.n1 && gate.n1 < gate.n, {
    message: "a Simon design needs r1 < n1 < n",
  });
export type StageGate = z.infer<typeof stageGateSchema>;
