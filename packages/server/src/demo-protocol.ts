/**
 * The protocol document of the demo trial's version 1.
 *
 * It stands in for the trial engine's seed protocol until @ciclo/trial exports `seedProtocol`.
 */
export function demoProtocol(): Record<string, unknown> {
  return {
    name: "Ciclo pilot",
    arms: [
      { code: "control", name: "Anti-estrogen alone", immunotherapy: false },
      { code: "treated", name: "Anti-estrogen with IFN-β and IL-2", immunotherapy: true },
    ],
  };
}
