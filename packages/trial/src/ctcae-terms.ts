/**
 * The CTCAE v5.0 terms a site of this regimen reports most, with the official grade definitions
 * (Common Terminology Criteria for Adverse Events v5.0, NCI, 27 November 2017). The subset
 * covers what the cytokines (IFN-β, IL-2) and the anti-estrogens are known to cause: flu-like
 * symptoms, fever, fatigue, injection-site reactions, capillary leak, hypotension, cytopenias,
 * liver enzymes, and the anti-estrogens' hot flashes and thromboembolism. A grade a term does
 * not have (e.g. flu-like symptoms grade 4) is absent from its `grades`.
 */
export interface CtcaeTerm {
  /** The CTCAE v5.0 term, exactly as published. */
  term: string;
  /** MedDRA system organ class. */
  soc: string;
  /** MedDRA code of the term (CTCAE v5.0 is built on MedDRA 20.1). */
  meddraCode: string;
  /** The definition of each grade the term has, keyed by grade 1–5. */
  grades: Partial<Record<1 | 2 | 3 | 4 | 5, string>>;
  /** The laboratory analyte whose value grades this term (see `ctcaeGrade`), when there is one. */
  analyte?: string;
}

const death = "Death";
const adl = {
  mild: "Mild pain",
  moderate: "Moderate pain; limiting instrumental ADL",
  severe: "Severe pain; limiting self care ADL",
};

export const ctcaeTerms: readonly CtcaeTerm[] = [
  {
    term: "Flu like symptoms",
    soc: "General disorders and administration site conditions",
    meddraCode: "10016791",
    grades: {
      1: "Mild flu-like symptoms present",
      2: "Moderate symptoms; limiting instrumental ADL",
      3: "Severe symptoms; limiting self care ADL",
    },
  },
  {
    term: "Fever",
    soc: "General disorders and administration site conditions",
    meddraCode: "10016558",
    grades: {
      1: "38.0 - 39.0 degrees C (100.4 - 102.2 degrees F)",
      2: ">39.0 - 40.0 degrees C (102.3 - 104.0 degrees F)",
      3: ">40.0 degrees C (>104.0 degrees F) for <=24 hrs",
      4: ">40.0 degrees C (>104.0 degrees F) for >24 hrs",
      5: death,
    },
  },
  {
    term: "Chills",
    soc: "General disorders and administration site conditions",
    meddraCode: "10008531",
    grades: {
      1: "Mild sensation of cold; shivering; chattering of teeth",
      2: "Moderate tremor of the entire body; narcotics indicated",
      3: "Severe or prolonged, not responsive to narcotics",
    },
  },
  {
    term: "Fatigue",
    soc: "General disorders and administration site conditions",
    meddraCode: "10016256",
    grades: {
      1: "Fatigue relieved by rest",
      2: "Fatigue not relieved by rest; limiting instrumental ADL",
      3: "Fatigue not relieved by rest, limiting self care ADL",
    },
  },
  {
    term: "Injection site reaction",
    soc: "General disorders and administration site conditions",
    meddraCode: "10022095",
    grades: {
      1: "Tenderness with or without associated symptoms (e.g., warmth, erythema, itching)",
      2: "Pain; lipodystrophy; edema; phlebitis",
      3: "Ulceration or necrosis; severe tissue damage; operative intervention indicated",
      4: "Life-threatening consequences; urgent intervention indicated",
      5: death,
    },
  },
  {
    term: "Capillary leak syndrome",
    soc: "Vascular disorders",
    meddraCode: "10007196",
    grades: {
      2: "Symptomatic; medical intervention indicated",
      3: "Severe symptoms; intervention indicated",
      4: "Life-threatening consequences; urgent intervention indicated",
      5: death,
    },
  },
  {
    term: "Hypotension",
    soc: "Vascular disorders",
    meddraCode: "10021097",
    grades: {
      1: "Asymptomatic, intervention not indicated",
      2: "Non-urgent medical intervention indicated",
      3: "Medical intervention indicated; hospitalization indicated",
      4: "Life-threatening consequences and urgent intervention indicated",
      5: death,
    },
  },
  {
    term: "Myalgia",
    soc: "Musculoskeletal and connective tissue disorders",
    meddraCode: "10028411",
    grades: { 1: adl.mild, 2: adl.moderate, 3: adl.severe },
  },
  {
    term: "Arthralgia",
    soc: "Musculoskeletal and connective tissue disorders",
    meddraCode: "10003239",
    grades: { 1: adl.mild, 2: adl.moderate, 3: adl.severe },
  },
  {
    term: "Headache",
    soc: "Nervous system disorders",
    meddraCode: "10019211",
    grades: { 1: adl.mild, 2: adl.moderate, 3: adl.severe },
  },
  {
    term: "Nausea",
    soc: "Gastrointestinal disorders",
    meddraCode: "10028813",
    grades: {
      1: "Loss of appetite without alteration in eating habits",
      2: "Oral intake decreased without significant weight loss, dehydration or malnutrition",
      3: "Inadequate oral caloric or fluid intake; tube feeding, TPN, or hospitalization indicated",
    },
  },
  {
    term: "Diarrhea",
    soc: "Gastrointestinal disorders",
    meddraCode: "10012735",
    grades: {
      1: "Increase of <4 stools per day over baseline; mild increase in ostomy output compared to baseline",
      2: "Increase of 4 - 6 stools per day over baseline; moderate increase in ostomy output compared to baseline; limiting instrumental ADL",
      3: "Increase of >=7 stools per day over baseline; hospitalization indicated; severe increase in ostomy output compared to baseline; limiting self care ADL",
      4: "Life-threatening consequences; urgent intervention indicated",
      5: death,
    },
  },
  {
    term: "Hot flashes",
    soc: "Vascular disorders",
    meddraCode: "10060800",
    grades: {
      1: "Mild symptoms; intervention not indicated",
      2: "Moderate symptoms; limiting instrumental ADL",
      3: "Severe symptoms; limiting self care ADL",
    },
  },
  {
    term: "Thromboembolic event",
    soc: "Vascular disorders",
    meddraCode: "10043565",
    grades: {
      1: "Medical intervention not indicated (e.g., superficial thrombosis)",
      2: "Medical intervention indicated",
      3: "Urgent medical intervention indicated (e.g., pulmonary embolism or intracardiac thrombus)",
      4: "Life-threatening consequences with hemodynamic or neurologic instability",
      5: death,
    },
  },
  {
    term: "Depression",
    soc: "Psychiatric disorders",
    meddraCode: "10012378",
    grades: {
      1: "Mild depressive symptoms",
      2: "Moderate depressive symptoms; limiting instrumental ADL",
      3: "Severe depressive symptoms; limiting self care ADL; hospitalization not indicated",
      4: "Life-threatening consequences, threats of harm to self or others; hospitalization indicated",
      5: death,
    },
  },
  {
    term: "Neutrophil count decreased",
    soc: "Investigations",
    meddraCode: "10029366",
    analyte: "NEUTROPHILS",
    grades: {
      1: "<LLN - 1500/mm3; <LLN - 1.5 x 10e9 /L",
      2: "<1500 - 1000/mm3; <1.5 - 1.0 x 10e9 /L",
      3: "<1000 - 500/mm3; <1.0 - 0.5 x 10e9 /L",
      4: "<500/mm3; <0.5 x 10e9 /L",
    },
  },
  {
    term: "Lymphocyte count decreased",
    soc: "Investigations",
    meddraCode: "10025256",
    analyte: "LYMPHOCYTES",
    grades: {
      1: "<LLN - 800/mm3; <LLN - 0.8 x 10e9 /L",
      2: "<800 - 500/mm3; <0.8 - 0.5 x 10e9 /L",
      3: "<500 - 200/mm3; <0.5 - 0.2 x 10e9 /L",
      4: "<200/mm3; <0.2 x 10e9 /L",
    },
  },
  {
    term: "Alanine aminotransferase increased",
    soc: "Investigations",
    meddraCode: "10001551",
    analyte: "ALT",
    grades: {
      1: ">ULN - 3.0 x ULN if baseline was normal; 1.5 - 3.0 x baseline if baseline was abnormal",
      2: ">3.0 - 5.0 x ULN if baseline was normal; >3.0 - 5.0 x baseline if baseline was abnormal",
      3: ">5.0 - 20.0 x ULN if baseline was normal; >5.0 - 20.0 x baseline if baseline was abnormal",
      4: ">20.0 x ULN if baseline was normal; >20.0 x baseline if baseline was abnormal",
    },
  },
  {
    term: "Aspartate aminotransferase increased",
    soc: "Investigations",
    meddraCode: "10003481",
    analyte: "AST",
    grades: {
      1: ">ULN - 3.0 x ULN if baseline was normal; 1.5 - 3.0 x baseline if baseline was abnormal",
      2: ">3.0 - 5.0 x ULN if baseline was normal; >3.0 - 5.0 x baseline if baseline was abnormal",
      3: ">5.0 - 20.0 x ULN if baseline was normal; >5.0 - 20.0 x baseline if baseline was abnormal",
      4: ">20.0 x ULN if baseline was normal; >20.0 x baseline if baseline was abnormal",
    },
  },
  {
    term: "Blood bilirubin increased",
    soc: "Investigations",
    meddraCode: "10005364",
    analyte: "BILIRUBIN",
    grades: {
      1: ">ULN - 1.5 x ULN if baseline was normal; > 1.0 - 1.5 x baseline if baseline was abnormal",
      2: ">1.5 - 3.0 x ULN if baseline was normal; >1.5 - 3.0 x baseline if baseline was abnormal",
      3: ">3.0 - 10.0 x ULN if baseline was normal; >3.0 - 10.0 x baseline if baseline was abnormal",
      4: ">10.0 x ULN if baseline was normal; >10.0 x baseline if baseline was abnormal",
    },
  },
  {
    term: "Creatinine increased",
    soc: "Investigations",
    meddraCode: "10011368",
    analyte: "CREATININE",
    grades: {
      1: ">ULN - 1.5 x ULN",
      2: ">1.5 - 3.0 x baseline; >1.5 - 3.0 x ULN",
      3: ">3.0 x baseline; >3.0 - 6.0 x ULN",
      4: ">6.0 x ULN",
    },
  },
];

/**
 * The CTCAE v5.0 term of this list with that name (case and spacing ignored), if it is one.
 *
 * @example
 * ctcaeTerm("fever")?.grades[2]; // => ">39.0 - 40.0 degrees C (102.3 - 104.0 degrees F)"
 * ctcaeTerm("Itchy elbow"); // => undefined
 */
export function ctcaeTerm(name: string): CtcaeTerm | undefined {
  const wanted = name.trim().toLowerCase().replace(/\s+/g, " ");
  return ctcaeTerms.find((each) => each.term.toLowerCase() === wanted);
}

/**
 * The term a laboratory analyte's CTCAE grade belongs to, e.g. "Neutrophil count decreased"
 * for NEUTROPHILS.
 *
 * @example
 * ctcaeTermOfAnalyte("ALT")?.term; // => "Alanine aminotransferase increased"
 */
export function ctcaeTermOfAnalyte(analyte: string): CtcaeTerm | undefined {
  return ctcaeTerms.find((each) => each.analyte === analyte);
}
