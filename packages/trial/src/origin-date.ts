import type { PlainDate } from "./plain-date";
import type { TimeOrigin } from "./protocol-schema";
import type { SubjectRecord } from "./records";

/**
 * The date a time origin names for one subject, or null when it is not recorded. The metastatic
 * diagnosis is the imaging confirmation when known, else the marker-signal date (domain.md §3
 * records both; imaging is the one the published survival times used).
 *
 * @example
 * originDate({ subjectId: "PI-001", arm: "treated", enrolmentDate: "1993-02-01", firstIfnDate: "1993-02-01" }, "firstIfn"); // => "1993-02-01"
 */
export function originDate(subject: SubjectRecord, origin: TimeOrigin): PlainDate | null {
  switch (origin) {
    case "hormoneTherapyStart":
      return subject.hormoneTherapyStart ?? null;
    case "metastaticDiagnosis":
      return subject.metastasisImagingDate ?? subject.metastasisMarkerDate ?? null;
    case "firstIfn":
      return subject.firstIfnDate ?? null;
    case "enrolment":
      return subject.enrolmentDate;
  }
}

/** How an origin is written in messages. */
export const originLabels: Record<TimeOrigin, string> = {
  hormoneTherapyStart: "start of first-line hormone therapy",
  metastaticDiagnosis: "metastatic diagnosis",
  firstIfn: "first IFN-β dose",
  enrolment: "enrolment",
};
