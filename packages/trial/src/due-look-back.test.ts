import { describe, expect, it } from "vitest";
import { cyclesBeforeWindow, dueLookBack } from "./due-look-back";
import type { AdministrationRecord } from "./records";
import { seedProtocol } from "./seed-protocol";

describe("dueLookBack", () => {
  it("reaches two 70-day cycles, twice the 3-day visit window and max(3 days, ⌈72 h⌉) + 1 days back", () => {
    expect(dueLookBack(seedProtocol, "2025-02-03")).toEqual({
      administrationsFrom: "2024-09-16",
      visitsFrom: "2025-01-28",
      drawsFrom: "2025-01-30",
    });
  });
});

describe("cyclesBeforeWindow", () => {
  it("leaves out the whole cycles before the horizon but two, and none after a delay", () => {
    // 2023-01-02 to 2025-02-03 is 763 days: 10 whole cycles, of which 9 are left out.
    expect(cyclesBeforeWindow(seedProtocol, "2023-01-02", "2025-02-03", [])).toBe(9);
    const delayed: AdministrationRecord = {
      subjectId: "s1",
      drug: "il-2",
      status: "delayed",
      scheduledDate: "2023-02-06",
      givenAt: "2023-02-13T09:00:00Z",
    };
    expect(cyclesBeforeWindow(seedProtocol, "2023-01-02", "2025-02-03", [delayed])).toBe(0);
  });
});
