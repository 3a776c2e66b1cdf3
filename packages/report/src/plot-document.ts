/**
 * The `document` Plot draws into: the browser's own, or linkedom's on the server. Passed as an
 * argument so the same rendering code runs in both places (Plot's `document` option).
 */
export type PlotDocument = Document;

/** Colors per arm, fixed so that every plot of the report agrees. */
export const armColors: Record<string, string> = {
  treated: "#1f5fa8",
  control: "#c2452d",
};

const fallbackColors = ["#2a9d8f", "#8a5a9e", "#b8860b", "#555555"];

/** Color of an arm: the fixed one when known, else one of a fixed sequence by position. */
export function armColor(arm: string, index: number): string {
  return armColors[arm] ?? fallbackColors[index % fallbackColors.length];
}
