/**
 * The parameters of the virtual patient. Each one names the published figure (domain.md §5) or
 * the domain rule (domain.md §3–§4) it was chosen or fitted to; packages/sim/README.md lists
 * them with the calibration they came from. Times are in months (365.25/12 days).
 */
export interface PatientModel {
  /** Months from the start of hormone therapy to clinical benefit and the first IFN-β dose. */
  entry: { clinicalBenefitMonths: number; firstIfnDelayMonths: [number, number] };
  /** Progression: Weibull shape and scale (months) per arm, before covariate effects. */
  progression: Record<SimulatedArm, { shape: number; scale: number }>;
  /** Death after progression: Weibull shape and scale (months) per arm. */
  postProgression: Record<SimulatedArm, { shape: number; scale: number }>;
  /** Hazard ratios of the prognostic factors (proportional on the Weibull hazards). */
  hazardRatios: {
    visceral: number;
    shortDfi: number;
    pgrNegative: number;
    her2Positive: number;
    biologicalTherapy: number;
  };
  /** Covariate effects on post-progression death are this fraction of those on progression (log scale). */
  postProgressionEffectShare: number;
  /** SD of a log-normal frailty shared by the progression and post-progression hazards. */
  frailtySdLog: number;
  /** Baseline frequencies. */
  baseline: {
    ageMean: number;
    ageSd: number;
    dfiMedianMonths: number;
    dfiSdLog: number;
    pgrPositive: number;
    her2Positive: number;
    her2Unknown: number;
    bone: number;
    softTissue: number;
    visceral: number;
    treatedAgents: readonly { agent: string; weight: number }[];
    controlAgents: readonly { agent: string; weight: number }[];
    controlBiologicalTherapy: number;
  };
  /** Marker panel: which markers rise and how long before progression (gamma, months). */
  markers: {
    risesProbability: Record<SimulatedArm, number>;
    leadShape: Record<SimulatedArm, number>;
    leadMeanMonths: Record<SimulatedArm, number>;
    /** Log-normal baseline per marker: median and between-patient SD of the log. */
    baselineMedian: Record<string, number>;
    baselineSdLog: number;
    /** Within-person CV below and above the cut-off (domain.md §4's total CVs). */
    cv: Record<string, { below: number; above: number }>;
    /** Fraction the level falls during clinical benefit, reached after fallMonths. */
    fallDuringBenefit: number;
    fallMonths: number;
    /** Level at progression as a multiple of the cut-off. */
    atProgressionTimesCutoff: number;
    /** Multiplier 24–72 h after IL-2: during clinical benefit, and once the rise has begun. */
    postIl2InBenefit: number;
    postIl2AtProgression: number;
  };
  /**
   * Treg. Treated patients (the immune study, n = 31, was of treated patients): the rise starts
   * at a time drawn from a log-normal whose median grows with the patient's latent survival S
   * from the first IFN-β dose, median = medianAt5YearsMonths · (S / 60)^survivalExponent, so
   * that patients who die sooner have their rise sooner (20 vs 45.5 months). Controls: the rise
   * starts a gamma lead before progression (Treg at progression > 2× the CB level).
   */
  treg: {
    medianAt5YearsMonths: number;
    survivalExponent: number;
    sdLog: number;
    controlLeadShape: number;
    controlLeadMeanMonths: number;
    riseTimesBaseline: number;
  };
  /**
   * RECIST assessments: every `cyclesBetween` cycles; target diameters (mm) at baseline;
   * deepest shrinkage in benefit (uniform 0–maxShrink, reached after shrinkDays); measurement
   * noise (± fraction); probability of a new lesion at progression.
   */
  recist: {
    cyclesBetween: number;
    baselineMm: [number, number];
    maxShrink: number;
    shrinkDays: number;
    measurementCv: number;
    newLesionAtProgression: number;
  };
  /** Immune cells: log-normal medians in catalogue units and stimulation during CB. */
  immune: {
    median: Record<string, number>;
    betweenSdLog: number;
    cv: number;
    stimulationInBenefit: number;
    declineAtProgression: number;
  };
  /** Cytokines: median (pg/mL), SD of log, and limit of quantification. */
  cytokines: Record<string, { median: number; sdLog: number; limit: number }>;
  /** Administrations: per-dose skip and per-cycle one-week delay probabilities. */
  administration: { skip: number; delayPerCycle: number };
  /** Adverse events per cycle: probability and grade 1/2/3 weights. */
  adverseEvents: readonly {
    term: string;
    drug: "ifn-beta" | "il-2";
    perCycle: number;
    grades: [number, number, number];
    durationDays: [number, number];
  }[];
  /** Withdrawals from cytokines before progression, and loss to follow-up (mean years). */
  dropout: { treatedWithdrawal: number; lossMeanYears: number };
}

export type SimulatedArm = "treated" | "control";

/**
 * The model calibrated to domain.md §5 (see the calibration test and the README).
 *
 * @example
 * calibratedModel.progression.control.scale; // Weibull scale of PFS on anti-estrogen alone
 */
export const calibratedModel: PatientModel = {
  entry: { clinicalBenefitMonths: 24 / (365.25 / 12 / 7), firstIfnDelayMonths: [0.5, 2.5] },
  progression: {
    treated: { shape: 1.3, scale: 44.9 },
    control: { shape: 1.3, scale: 29.4 },
  },
  postProgression: {
    treated: { shape: 1.1, scale: 64.3 },
    control: { shape: 1.1, scale: 60 },
  },
  hazardRatios: {
    visceral: 1.5,
    shortDfi: 1.3,
    pgrNegative: 1.25,
    her2Positive: 1.4,
    biologicalTherapy: 0.75,
  },
  postProgressionEffectShare: 0.5,
  frailtySdLog: 0.45,
  baseline: {
    ageMean: 62,
    ageSd: 9,
    dfiMedianMonths: 48,
    dfiSdLog: 0.8,
    pgrPositive: 0.65,
    her2Positive: 0.12,
    her2Unknown: 0.3,
    bone: 0.6,
    softTissue: 0.4,
    visceral: 0.35,
    treatedAgents: [
      { agent: "tamoxifen", weight: 30 },
      { agent: "toremifene", weight: 5 },
      { agent: "fulvestrant", weight: 4 },
      { agent: "letrozole", weight: 2 },
      { agent: "anastrozole", weight: 1 },
    ],
    controlAgents: [
      { agent: "letrozole", weight: 35 },
      { agent: "anastrozole", weight: 25 },
      { agent: "exemestane", weight: 15 },
      { agent: "fulvestrant", weight: 20 },
    ],
    controlBiologicalTherapy: 28 / 95,
  },
  markers: {
    risesProbability: { treated: 0.6, control: 0.52 },
    leadShape: { treated: 0.9, control: 1.2 },
    leadMeanMonths: { treated: 13.5, control: 2 },
    baselineMedian: { CEA: 2.5, "CA15-3": 18, TPA: 60 },
    baselineSdLog: 0.4,
    cv: {
      "CA15-3": { below: 0.149, above: 0.096 },
      CEA: { below: 0.154, above: 0.06 },
      TPA: { below: 0.259, above: 0.199 },
    },
    fallDuringBenefit: 0.25,
    fallMonths: 3,
    atProgressionTimesCutoff: 3,
    postIl2InBenefit: 0.8,
    postIl2AtProgression: 1.25,
  },
  treg: {
    medianAt5YearsMonths: 28.4,
    survivalExponent: 0.69,
    sdLog: 0.4,
    controlLeadShape: 2,
    controlLeadMeanMonths: 2,
    riseTimesBaseline: 3,
  },
  recist: {
    cyclesBetween: 2,
    baselineMm: [15, 45],
    maxShrink: 0.5,
    shrinkDays: 90,
    measurementCv: 0.03,
    newLesionAtProgression: 0.5,
  },
  immune: {
    median: { LYMPHOCYTES: 1.6, CD4: 700, CD8: 400, NK: 250, TREG: 40 },
    betweenSdLog: 0.3,
    cv: 0.12,
    stimulationInBenefit: 1.2,
    declineAtProgression: 0.85,
  },
  cytokines: {
    "IL-6": { median: 3, sdLog: 0.7, limit: 2 },
    "IL-10": { median: 2.5, sdLog: 0.7, limit: 2 },
    "IL-12": { median: 4, sdLog: 0.7, limit: 3 },
    "TNF-A": { median: 6, sdLog: 0.6, limit: 4 },
    "TGF-B1": { median: 20_000, sdLog: 0.4, limit: 500 },
    "IFN-G": { median: 3, sdLog: 0.8, limit: 2 },
  },
  administration: { skip: 0.02, delayPerCycle: 0.1 },
  adverseEvents: [
    {
      term: "Flu like symptoms",
      drug: "ifn-beta",
      perCycle: 0.45,
      grades: [0.7, 0.25, 0.05],
      durationDays: [1, 3],
    },
    {
      term: "Fever",
      drug: "il-2",
      perCycle: 0.35,
      grades: [0.75, 0.2, 0.05],
      durationDays: [1, 2],
    },
    {
      term: "Injection site reaction",
      drug: "il-2",
      perCycle: 0.3,
      grades: [0.85, 0.15, 0],
      durationDays: [2, 7],
    },
  ],
  dropout: { treatedWithdrawal: 0.08, lossMeanYears: 60 },
};
