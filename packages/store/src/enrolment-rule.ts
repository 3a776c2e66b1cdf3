/** What the rule needs to know of a subject. */
export interface EnrolledSubject {
  pseudonym: string;
  enrolmentDate: string;
}

/**
 * The message for a clinical date that precedes the subject's enrolment, or undefined when it
 * does not. Date-times compare by their UTC calendar day, as the enrolment is a day.
 */
export function beforeEnrolment(
  field: string,
  value: unknown,
  subject: EnrolledSubject,
): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const day = value.slice(0, 10);
  if (day >= subject.enrolmentDate) return undefined;
  return `${field} ${day} is before the enrolment of '${subject.pseudonym}' on ${subject.enrolmentDate}; correct the date or the enrolment date`;
}
