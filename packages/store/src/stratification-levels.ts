import type { StratificationFactor } from "@ciclo/trial";
import { fail, ok, type Result } from "./problem";

/** What the levels are read from: the subject's record and her site's code. */
export interface StratifiedSubject {
  siteCode: string;
  visceralMetastases?: boolean | null;
  dfiMonths?: number | null;
}

/**
 * How each stratification factor Ciclo knows is read from a subject's record, and the field a
 * site corrects when it is missing. The level names are those of the protocol and of
 * `ciclo randomize`'s CSV: the site code; `yes`/`no` for visceral disease; `<=24`/`>24` for a
 * disease-free interval of at most or more than 24 months (domain.md §6).
 */
const levelReaders: Record<
  string,
  { field: string; read: (subject: StratifiedSubject) => string | undefined }
> = {
  site: { field: "siteId", read: (subject) => subject.siteCode },
  visceral: {
    field: "visceralMetastases",
    read: ({ visceralMetastases }) =>
      visceralMetastases === null || visceralMetastases === undefined
        ? undefined
        : visceralMetastases
          ? "yes"
          : "no",
  },
  dfi: {
    field: "dfiMonths",
    read: ({ dfiMonths }) =>
      dfiMonths === null || dfiMonths === undefined ? undefined : dfiMonths <= 24 ? "<=24" : ">24",
  },
};

/**
 * A subject's level of every stratification factor of the protocol, read from her record; a
 * problem names the field to fill in (e.g. `dfiMonths`) or a factor Ciclo cannot read.
 *
 * @example
 * stratificationLevels(factors, { siteCode: "PI", visceralMetastases: true, dfiMonths: 30 });
 * // => { ok: true, value: { site: "PI", visceral: "yes", dfi: ">24" } }
 */
export function stratificationLevels(
  factors: readonly StratificationFactor[],
  subject: StratifiedSubject,
): Result<Record<string, string>> {
  const levels: Record<string, string> = {};
  for (const factor of factors) {
    const reader = levelReaders[factor.code];
    if (!reader)
      return fail({
        code: "invalid_protocol",
        field: factor.code,
        message: `the protocol stratifies by '${factor.code}', which Ciclo cannot read from a subject's record; use site, visceral or dfi`,
      });
    const level = reader.read(subject);
    if (level === undefined)
      return fail({
        code: "invalid",
        field: reader.field,
        message: `record the subject's ${reader.field} first: randomization is stratified by ${factor.label}`,
      });
    levels[factor.code] = level;
  }
  return ok(levels);
}
