import type { DemoStudy } from "@ciclo/server";
import { type Store, systemActor, type Tx } from "@ciclo/store";

/**
 * A seeded cohort for the screenshots and the dashboard benchmark: subjects at the three demo
 * sites in both arms, with PFS and OS drawn around the published medians (treated 33/81
 * months, controls 18/62), follow-up, and — for `detailed` subjects — cycles of IFN-β and IL-2
 * doses, pre/post-IL-2 draws with markers and the immune panel, RECIST assessments and adverse
 * events. It is test data, not the trial's simulator.
 */
export interface CohortOptions {
  subjects: number;
  /** How many of them (the first ones, at Pisa, treated) carry full cycle records. */
  detailed: number;
  /** The date the cohort is seen from (YYYY-MM-DD). */
  today: string;
  seed?: number;
}

const day = 86_400_000;
const month = 30.4375 * day;

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function create(tx: Tx, entity: string, input: Record<string, unknown>): Promise<string> {
  const result = await tx.records.create(entity as never, input);
  if (!result.ok) throw new Error(`cohort ${entity}: ${result.problem.message}`);
  return result.value.id;
}

/** Creates the cohort in one transaction per subject; returns the subject ids in order. */
export async function seedCohort(
  store: Store,
  demo: DemoStudy,
  { subjects, detailed, today, seed = 1992 }: CohortOptions,
): Promise<string[]> {
  const random = mulberry32(seed);
  const exponential = (median: number) => (-Math.log(1 - random()) * median) / Math.LN2;
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const sites = ["PI", "FI", "SI"];
  const ids: string[] = [];
  for (let index = 0; index < subjects; index++) {
    const rich = index < detailed;
    const treated = rich || random() < 0.4;
    const site = rich ? "PI" : sites[index % 3];
    // Rich subjects are in their third cycle today.
    const hormoneStart = rich
      ? todayMs - (150 + 5 * index) * day - 6 * month - 14 * day
      : todayMs - (6 + random() * 84) * month;
    const benefit = hormoneStart + 6 * month;
    const firstIfn = benefit + 14 * day;
    const enrolment = treated ? firstIfn : benefit;
    const pfs = rich ? 40 * month : exponential(treated ? 33 : 18) * month + 6 * month;
    const os = Math.max(pfs + 3 * month, exponential(treated ? 81 : 62) * month);
    const progressed = hormoneStart + pfs < todayMs && enrolment < hormoneStart + pfs;
    const died = hormoneStart + os < todayMs && progressed;
    const id = await store.transaction(systemActor, async (tx) => {
      const subjectId = await create(tx, "subject", {
        studyId: demo.studyId,
        siteId: demo.siteIds[site],
        pseudonym: `${site}-${String(index + 1).padStart(4, "0")}`,
        arm: treated ? "treated" : "control",
        yearOfBirth: 1935 + Math.floor(random() * 30),
        menopausalStatus: "post",
        erStatus: "positive",
        pgrStatus: random() < 0.7 ? "positive" : "negative",
        her2Status: "negative",
        dfiMonths: Math.round(12 + random() * 96),
        visceralMetastases: random() < 0.4,
        boneMetastases: random() < 0.6,
        metastaticSiteCount: 1 + Math.floor(random() * 3),
        metastasisImagingDate: isoDate(hormoneStart - 10 * day),
        hormoneTherapyStart: isoDate(hormoneStart),
        hormoneTherapyAgent: treated ? "tamoxifen" : "letrozole",
        biologicalTherapy: !treated && random() < 0.3,
        clinicalBenefitDate: isoDate(benefit),
        firstIfnDate: treated ? isoDate(firstIfn) : null,
        enrolmentDate: isoDate(enrolment),
        status: died ? "dead" : progressed ? "progressed" : "active",
      });
      if (progressed) {
        await create(tx, "progression", {
          subjectId,
          progressedOn: isoDate(hormoneStart + pfs),
          method: "imaging",
        });
      }
      await create(tx, "followUp", {
        subjectId,
        // A subject enrolled this week is last seen at enrolment, not before it.
        contactDate: isoDate(died ? hormoneStart + os : Math.max(enrolment, todayMs - 7 * day)),
        vitalStatus: died ? "dead" : "alive",
        deathDate: died ? isoDate(hormoneStart + os) : null,
        deathCause: died ? "breast cancer" : null,
      });
      if (rich) await seedCycles(tx, subjectId, firstIfn, todayMs, random);
      else if (treated)
        await seedLastDraws(tx, subjectId, Math.max(enrolment, todayMs - 60 * day), random);
      return subjectId;
    });
    ids.push(id);
  }
  return ids;
}

/** Two draws with markers and Treg: enough for the dashboard's rules to run on every subject. */
async function seedLastDraws(tx: Tx, subjectId: string, from: number, random: () => number) {
  for (const [offset, relation] of [
    [0, "pre"],
    [30, "post"],
  ] as const) {
    const sampleId = await create(tx, "sample", {
      subjectId,
      drawnAt: new Date(from + offset * day + 9 * 3_600_000).toISOString(),
      relation,
      cycle: 1,
    });
    await create(tx, "labResult", {
      sampleId,
      analyte: "CEA",
      value: round(2 + random() * 5),
      unit: "ng/mL",
    });
    await create(tx, "labResult", {
      sampleId,
      analyte: "TREG",
      value: round(20 + random() * 20),
      unit: "cells/µL",
    });
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Full cycles: doses on Mon/Wed/Fri, pre and post-IL-2 panels, assessments, adverse events. */
async function seedCycles(
  tx: Tx,
  subjectId: string,
  firstIfn: number,
  todayMs: number,
  random: () => number,
) {
  const cycles = Math.floor((todayMs - firstIfn) / (70 * day)) + 1;
  let cea = 4.2;
  let treg = 28;
  for (let cycle = 1; cycle <= cycles; cycle++) {
    const start = firstIfn + (cycle - 1) * 70 * day;
    for (let week = 1; week <= 8; week++) {
      for (const weekday of [0, 2, 4]) {
        const at = start + ((week - 1) * 7 + weekday) * day + 8 * 3_600_000;
        if (at > todayMs) continue;
        await create(tx, "administration", {
          subjectId,
          drug: week <= 4 ? "ifn-beta" : "il-2",
          scheduledDate: isoDate(at),
          givenAt: new Date(at).toISOString(),
          dose: 3_000_000,
          unit: "IU",
          route: week <= 4 ? "im" : "sc",
          status: "given",
          cycle,
          week,
        });
      }
    }
    const lastCycle = cycle === cycles;
    // The markers fall after IL-2 during clinical benefit; in the last cycle they rise.
    for (const [relation, dayOfCycle] of [
      ["pre", 27],
      ["post", 30],
    ] as const) {
      const drawn = start + dayOfCycle * day + 9 * 3_600_000;
      if (drawn > todayMs) continue;
      const sampleId = await create(tx, "sample", {
        subjectId,
        drawnAt: new Date(drawn).toISOString(),
        relation,
        cycle,
      });
      cea = relation === "post" ? (lastCycle ? cea * 1.6 : cea * 0.8) : cea * (1 + random() * 0.1);
      treg = lastCycle && relation === "post" ? treg * 2.3 : treg * (0.95 + random() * 0.1);
      const results: [string, number, string][] = [
        ["CEA", cea, "ng/mL"],
        ["CA15-3", cea * 6.5, "U/mL"],
        ["TPA", 60 + cea * 8, "U/L"],
        ["LYMPHOCYTES", 1.6 + random() * 0.6, "10^9/L"],
        ["CD4", 620 + random() * 180, "cells/µL"],
        ["CD8", 380 + random() * 120, "cells/µL"],
        ["NK", 190 + random() * 80, "cells/µL"],
        ["TREG", treg, "cells/µL"],
      ];
      for (const [analyte, value, unit] of results) {
        await create(tx, "labResult", {
          sampleId,
          analyte,
          value: round(value),
          unit,
          assay: "ECLIA",
        });
      }
    }
    const assessed = start + 63 * day;
    if (assessed <= todayMs) {
      const assessmentId = await create(tx, "responseAssessment", {
        subjectId,
        assessedOn: isoDate(assessed),
        criteria: "RECIST1.1",
        overallResponse: cycle === 1 ? "SD" : "PR",
        method: "CT",
      });
      await create(tx, "lesion", {
        assessmentId,
        kind: "target",
        location: "liver segment VI",
        diameterMm: 24 - cycle * 3,
      });
      await create(tx, "lesion", {
        assessmentId,
        kind: "target",
        location: "left axillary node",
        diameterMm: 18 - cycle * 2,
      });
      await create(tx, "lesion", { assessmentId, kind: "non-target", location: "bone (T8)" });
    }
  }
  await create(tx, "adverseEvent", {
    subjectId,
    term: "Flu like symptoms",
    grade: 1,
    onsetDate: isoDate(firstIfn + day),
    resolutionDate: isoDate(firstIfn + 3 * day),
    relationIfn: "probable",
  });
  await create(tx, "adverseEvent", {
    subjectId,
    term: "Injection site reaction",
    grade: 2,
    onsetDate: isoDate(firstIfn + 30 * day),
    relationIl2: "definite",
  });
}
