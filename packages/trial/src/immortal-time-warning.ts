import { originLabels } from "./origin-date";
import type { Protocol, TimeOrigin } from "./protocol-schema";

/**
 * Says when an origin gives one arm guaranteed event-free time (immortal-time bias, domain.md
 * §4): subjects of an arm that `requiresClinicalBenefitAtEntry` were progression-free and alive
 * until they entered, so timing them from an earlier date (hormone therapy start, metastatic
 * diagnosis) credits them time the other arm can lose. Also says when an arm cannot have the
 * origin at all (controls have no first IFN-β dose). Null when the comparison is fair.
 *
 * @example
 * immortalTimeWarning(seedProtocol, "hormoneTherapyStart");
 * // => "immortal-time bias: subjects of arm 'treated' had to be in clinical benefit before entry, so … use a landmark analysis or treatment as a time-varying covariate"
 */
export function immortalTimeWarning(protocol: Protocol, origin: TimeOrigin): string | null {
  const guarded = protocol.arms.filter((arm) => arm.requiresClinicalBenefitAtEntry);
  const open = protocol.arms.filter((arm) => !arm.requiresClinicalBenefitAtEntry);
  if (origin === "firstIfn") {
    const without = protocol.arms.filter((arm) => arm.drugs.length === 0);
    return without.length > 0 && without.length < protocol.arms.length
      ? `arm${without.length > 1 ? "s" : ""} ${without.map((a) => `'${a.code}'`).join(", ")} receive${without.length > 1 ? "" : "s"} no IFN-β, so the first IFN-β dose is no common origin; compare arms from enrolment, or use a landmark analysis`
      : null;
  }
  if (origin === "enrolment" || guarded.length === 0 || open.length === 0) return null;
  return `immortal-time bias: subjects of arm${guarded.length > 1 ? "s" : ""} ${guarded.map((a) => `'${a.code}'`).join(", ")} had to be in clinical benefit before entry, so timing from the ${originLabels[origin]} gives them guaranteed event-free time that arm${open.length > 1 ? "s" : ""} ${open.map((a) => `'${a.code}'`).join(", ")} can lose; use a landmark analysis or treatment as a time-varying covariate`;
}
