import type { Random } from "@ciclo/trial";
import {
  evaluateRecist,
  type LesionRecord,
  type Protocol,
  type ResponseAssessmentRecord,
} from "@ciclo/trial";
import type { PatientModel } from "./patient-model";
import type { VirtualPatient } from "./virtual-patient";

/** A lesion as the model follows it: where, its role, and its baseline diameter (mm). */
interface TrackedLesion {
  location: string;
  kind: "target" | "non-target";
  baselineMm: number;
}

/**
 * The RECIST 1.1 assessments of one patient, lesion by lesion, up to `untilDay` (her last
 * contact or withdrawal): a baseline at entry, then one every `model.recist.cyclesBetween`
 * cycles while she is in clinical benefit, and one on the day of her progression. Target
 * lesions shrink by a drawn depth over the first months of benefit (measurement noise of a few
 * per cent, never enough for PD); at progression every target grows 30 % + 4 mm over its
 * value at the nadir, so the engine's PD rule (≥ 20 % and ≥ 5 mm over the nadir) fires that
 * day and no earlier, and a new lesion appears with the model's probability (always when she
 * has no target lesion). Each overall response is the one the trial engine derives
 * (`evaluateRecist`); the baseline's, which has none, is recorded as NE.
 *
 * @example
 * responseAssessments(seedProtocol, calibratedModel, patient, rng, { subjectId: "PI-T001", untilDay: 900, date });
 * // => [{ assessedOn: "1993-08-02", criteria: "RECIST1.1", overallResponse: "NE", lesions: [...] }, …]
 */
export function responseAssessments(
  protocol: Protocol,
  model: PatientModel,
  patient: VirtualPatient,
  rng: Random,
  request: { subjectId: string; untilDay: number; date: (day: number) => string },
): ResponseAssessmentRecord[] {
  const r = model.recist;
  const lesions = drawLesions(model, patient, rng);
  const depth = r.maxShrink * rng.uniform();
  const every = r.cyclesBetween * protocol.cycle.lengthDays;
  const measure = (day: number): LesionRecord[] =>
    lesions.map((lesion) => {
      if (lesion.kind === "non-target")
        return { location: lesion.location, kind: lesion.kind, status: "present" };
      const shrunk = 1 - depth * Math.min(1, (day - patient.entryDay) / r.shrinkDays);
      const noise = 1 + r.measurementCv * (2 * rng.uniform() - 1);
      return {
        location: lesion.location,
        kind: lesion.kind,
        diameterMm: Math.round(lesion.baselineMm * shrunk * noise),
      };
    });
  const series: { day: number; lesions: LesionRecord[] }[] = [];
  const last = Math.min(request.untilDay, patient.progressionDay - 1);
  for (let day = patient.entryDay; day <= last; day += every)
    series.push({ day, lesions: measure(day) });
  if (patient.progressionDay <= request.untilDay)
    series.push({ day: patient.progressionDay, lesions: progressed(model, rng, series, lesions) });
  const records: ResponseAssessmentRecord[] = series.map(({ day, lesions: measured }) => ({
    subjectId: request.subjectId,
    assessedOn: request.date(day),
    criteria: "RECIST1.1",
    overallResponse: "NE",
    method: "CT",
    lesions: measured,
  }));
  const evaluated = evaluateRecist(records);
  if (evaluated.ok)
    evaluated.evaluations.forEach((evaluation, index) => {
      records[index + 1].overallResponse = evaluation.overallResponse;
    });
  return records;
}

/** Target lesions in soft tissue and viscera, bone as non-target (not measurable in RECIST). */
function drawLesions(model: PatientModel, patient: VirtualPatient, rng: Random): TrackedLesion[] {
  const [low, high] = model.recist.baselineMm;
  const target = (location: string): TrackedLesion => ({
    location,
    kind: "target",
    baselineMm: rng.integer(low, high),
  });
  const lesions: TrackedLesion[] = [];
  if (patient.visceral) {
    lesions.push(target("liver-1"));
    if (rng.bernoulli(0.5)) lesions.push(target("lung-1"));
  }
  if (patient.softTissue) lesions.push(target("soft-tissue-1"));
  if (patient.bone) lesions.push({ location: "bone-1", kind: "non-target", baselineMm: 0 });
  return lesions;
}

/** The lesions at progression: targets 30 % + 4 mm over their values at the nadir, maybe a new one. */
function progressed(
  model: PatientModel,
  rng: Random,
  series: readonly { lesions: LesionRecord[] }[],
  lesions: readonly TrackedLesion[],
): LesionRecord[] {
  const sum = (measured: LesionRecord[]) =>
    measured.reduce((total, lesion) => total + (lesion.diameterMm ?? 0), 0);
  const nadir = series.reduce((best, each) =>
    sum(each.lesions) < sum(best.lesions) ? each : best,
  );
  const grown: LesionRecord[] = nadir.lesions.map((lesion) =>
    lesion.kind === "target"
      ? { ...lesion, diameterMm: Math.round((lesion.diameterMm ?? 0) * 1.3) + 4 }
      : { ...lesion },
  );
  const hasTarget = lesions.some((lesion) => lesion.kind === "target");
  if (!hasTarget || rng.bernoulli(model.recist.newLesionAtProgression))
    grown.push({ location: "new-1", kind: "new", diameterMm: rng.integer(8, 20) });
  return grown;
}
