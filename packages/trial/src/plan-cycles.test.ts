import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cycleWeekOfDate } from "./cycle-week";
import { dueOn } from "./due-on";
import { addDays, hoursBetween, weekdayOf } from "./plain-date";
import { planCycles } from "./plan-cycles";
import { planForSubject } from "./plan-for-subject";
import type { AdministrationRecord } from "./records";
import { seedProtocol } from "./seed-protocol";

const datesOf = (plan: ReturnType<typeof planCycles>, drug: string, cycle: number) =>
  plan.administrations.filter((a) => a.drug === drug && a.cycle === cycle).map((a) => a.date);

describe("planCycles: a 3-cycle patient with one delayed IL-2 week", () => {
  // Cycle 1 day 1 = Monday 1993-02-01; Mon/Wed/Fri; IFN-β weeks 1–4, IL-2 weeks 5–8, cycles of 70 days.
  // The first IL-2 dose of cycle 2 (planned Monday 1993-05-10 = 1993-04-12 + 28) is recorded
  // 'delayed' and given one week later, Monday 1993-05-17 at 09:30 UTC. By hand:
  // - cycle 1 unchanged; cycle 2 starts 1993-02-01 + 70 = 1993-04-12;
  // - cycle 2 IL-2 moves by 7 days: May 17/19/21, 24/26/28, May 31/Jun 2/4, Jun 7/9/11;
  // - cycle 3 starts 1993-04-12 + 70 + 7 = 1993-06-28; its IL-2 starts 1993-06-28 + 28 = 1993-07-26.
  const delayed: AdministrationRecord = {
    subjectId: "PI-001",
    drug: "il-2",
    scheduledDate: "1993-05-10",
    givenAt: "1993-05-17T09:30:00Z",
    status: "delayed",
    reason: "fever",
  };
  const plan = planCycles(seedProtocol, {
    arm: "treated",
    startDate: "1993-02-01",
    cycles: 3,
    administrations: [delayed],
  });

  it("keeps cycle 1 as planned", () => {
    expect(datesOf(plan, "ifn-beta", 1)).toEqual([
      "1993-02-01",
      "1993-02-03",
      "1993-02-05",
      "1993-02-08",
      "1993-02-10",
      "1993-02-12",
      "1993-02-15",
      "1993-02-17",
      "1993-02-19",
      "1993-02-22",
      "1993-02-24",
      "1993-02-26",
    ]);
    expect(datesOf(plan, "il-2", 1)).toEqual([
      "1993-03-01",
      "1993-03-03",
      "1993-03-05",
      "1993-03-08",
      "1993-03-10",
      "1993-03-12",
      "1993-03-15",
      "1993-03-17",
      "1993-03-19",
      "1993-03-22",
      "1993-03-24",
      "1993-03-26",
    ]);
  });

  it("moves the delayed IL-2 week and everything after it by 7 days", () => {
    expect(datesOf(plan, "ifn-beta", 2)).toEqual([
      "1993-04-12",
      "1993-04-14",
      "1993-04-16",
      "1993-04-19",
      "1993-04-21",
      "1993-04-23",
      "1993-04-26",
      "1993-04-28",
      "1993-04-30",
      "1993-05-03",
      "1993-05-05",
      "1993-05-07",
    ]);
    expect(datesOf(plan, "il-2", 2)).toEqual([
      "1993-05-17",
      "1993-05-19",
      "1993-05-21",
      "1993-05-24",
      "1993-05-26",
      "1993-05-28",
      "1993-05-31",
      "1993-06-02",
      "1993-06-04",
      "1993-06-07",
      "1993-06-09",
      "1993-06-11",
    ]);
    expect(datesOf(plan, "ifn-beta", 3)).toEqual([
      "1993-06-28",
      "1993-06-30",
      "1993-07-02",
      "1993-07-05",
      "1993-07-07",
      "1993-07-09",
      "1993-07-12",
      "1993-07-14",
      "1993-07-16",
      "1993-07-19",
      "1993-07-21",
      "1993-07-23",
    ]);
    expect(datesOf(plan, "il-2", 3)).toEqual([
      "1993-07-26",
      "1993-07-28",
      "1993-07-30",
      "1993-08-02",
      "1993-08-04",
      "1993-08-06",
      "1993-08-09",
      "1993-08-11",
      "1993-08-13",
      "1993-08-16",
      "1993-08-18",
      "1993-08-20",
    ]);
  });

  it("labels doses with the protocol's cycle and week, and records the given time", () => {
    const first = plan.administrations.find((a) => a.drug === "il-2" && a.cycle === 2)!;
    expect(first).toEqual({
      drug: "il-2",
      cycle: 2,
      cycleWeek: 5,
      date: "1993-05-17",
      originalDate: "1993-05-10",
      dose: 3_000_000,
      unit: "IU",
      route: "sc",
      status: "given",
      at: "1993-05-17T09:30:00Z",
    });
    expect(plan.administrations).toHaveLength(72);
  });

  it("plans the control visits and the sampling windows of cycle 2 around the delayed dose", () => {
    expect(plan.visits.map((v) => [v.cycle, v.date, v.earliest, v.latest])).toEqual([
      [1, "1993-02-01", "1993-01-29", "1993-02-04"],
      [2, "1993-04-12", "1993-04-09", "1993-04-15"],
      [3, "1993-06-28", "1993-06-25", "1993-07-01"],
    ]);
    // Pre: from 3 days before the first IL-2 dose, at midnight UTC, up to the dose.
    // Post: 24–72 h after the first IL-2 dose (09:30 + 24 h = May 18 09:30; + 72 h = May 20 09:30).
    expect(plan.samplingWindows.filter((w) => w.cycle === 2)).toEqual([
      {
        relation: "pre",
        cycle: 2,
        il2At: "1993-05-17T09:30:00Z",
        opensAt: "1993-05-14T00:00:00Z",
        closesAt: "1993-05-17T09:30:00Z",
        panels: ["markers", "immune"],
      },
      {
        relation: "post",
        cycle: 2,
        il2At: "1993-05-17T09:30:00Z",
        opensAt: "1993-05-18T09:30:00Z",
        closesAt: "1993-05-20T09:30:00Z",
        panels: ["markers"],
      },
    ]);
  });
});

describe("planCycles: stops, holds and skips", () => {
  const base = { arm: "treated", startDate: "1993-02-01", cycles: 2 } as const;

  it("stops at progression: nothing on or after that date", () => {
    const plan = planCycles(seedProtocol, {
      ...base,
      stops: [{ reason: "progression", date: "1993-03-08" }],
    });
    expect(plan.administrations.at(-1)?.date).toBe("1993-03-05");
    expect(plan.administrations).toHaveLength(15); // 12 IFN-β + 3 IL-2 (Mar 1, 3, 5)
    expect(plan.stop).toEqual({ reason: "progression", date: "1993-03-08" });
  });

  it("moves everything after a closed hold by its length, and stops at an open hold", () => {
    // A 14-day hold from Wed 1993-02-10: Feb 10 → Feb 24, and cycle 2 starts Apr 12 + 14 = Apr 26.
    const held = planCycles(seedProtocol, {
      ...base,
      holds: [{ subjectId: "PI-001", from: "1993-02-10", to: "1993-02-24" }],
    });
    expect(datesOf(held, "ifn-beta", 1).slice(3, 6)).toEqual([
      "1993-02-08",
      "1993-02-24",
      "1993-02-26",
    ]);
    expect(held.visits[1].date).toBe("1993-04-26");
    const open = planCycles(seedProtocol, {
      ...base,
      holds: [{ subjectId: "PI-001", from: "1993-02-10" }],
    });
    expect(open.administrations).toHaveLength(4);
    expect(open.heldFrom).toBe("1993-02-10");
  });

  it("marks a skipped dose and counts post windows from the doses given", () => {
    const plan = planCycles(seedProtocol, {
      ...base,
      cycles: 1,
      administrations: [
        { subjectId: "PI-001", drug: "il-2", scheduledDate: "1993-03-01", status: "skipped" },
      ],
    });
    expect(plan.administrations.find((a) => a.date === "1993-03-01")?.status).toBe("skipped");
    // The first IL-2 given is Wed 1993-03-03 09:00 (the protocol's planned time).
    expect(plan.samplingWindows.map((w) => [w.relation, w.opensAt, w.closesAt])).toEqual([
      ["pre", "1993-02-28T00:00:00Z", "1993-03-03T09:00:00Z"],
      ["post", "1993-03-04T09:00:00Z", "1993-03-06T09:00:00Z"],
    ]);
  });

  it("plans visits only for the control arm", () => {
    const plan = planCycles(seedProtocol, { arm: "control", startDate: "1993-02-03", cycles: 2 });
    expect(plan.administrations).toEqual([]);
    // Visit weekday Monday: first Monday on or after Wed 1993-02-03 is 1993-02-08.
    expect(plan.visits.map((v) => v.date)).toEqual(["1993-02-08", "1993-04-19"]);
  });
});

describe("dueOn", () => {
  const plan = planCycles(seedProtocol, { arm: "treated", startDate: "1993-02-01", cycles: 1 });

  it("lists the IL-2 dose and the open pre window as due on the first IL-2 day", () => {
    const list = dueOn(plan, "1993-03-01", {
      visitDates: ["1993-02-01"],
      samples: [],
    });
    expect(list.due.map((item) => item.kind)).toEqual(["administration", "sample"]);
    // Every IFN-β dose Feb 1–26 is planned, not recorded, so all 12 are overdue.
    expect(list.overdue.filter((item) => item.kind === "administration")).toHaveLength(12);
  });

  it("drops a window once a draw of its relation falls inside it, and says when it is missed", () => {
    const drawn = dueOn(plan, "1993-03-02", {
      visitDates: ["1993-02-02"],
      samples: [{ drawnAt: "1993-03-02T10:00:00Z", relation: "post" }],
    });
    expect(drawn.due.filter((item) => item.kind === "sample")).toEqual([]);
    const missed = dueOn(plan, "1993-03-05", { visitDates: ["1993-02-02"] });
    expect(
      missed.overdue
        .filter((item) => item.kind === "sample")
        .map((item) => item.kind === "sample" && item.window.relation),
    ).toEqual(["pre", "post"]);
  });
});

describe("planCycles properties", () => {
  const startDates = fc.integer({ min: 0, max: 3650 }).map((days) => addDays("1992-01-06", days));
  const delayArbitrary = fc.record({
    start: startDates,
    cycles: fc.integer({ min: 1, max: 3 }),
    pick: fc.nat(),
    days: fc.integer({ min: 1, max: 21 }),
    skip: fc.nat(),
  });

  type DelayInput = typeof delayArbitrary extends fc.Arbitrary<infer T> ? T : never;
  const withDelay = ({ start, cycles, pick, days, skip }: DelayInput) => {
    const request = { arm: "treated", startDate: start, cycles };
    const original = planCycles(seedProtocol, request);
    const target = original.administrations[pick % original.administrations.length];
    const skipped = original.administrations[skip % original.administrations.length];
    const records: AdministrationRecord[] = [
      {
        subjectId: "S",
        drug: target.drug,
        scheduledDate: target.date,
        givenAt: `${addDays(target.date, days)}T10:00:00Z`,
        status: "delayed",
      },
    ];
    if (skipped.date < target.date)
      records.push({
        subjectId: "S",
        drug: skipped.drug,
        scheduledDate: skipped.date,
        status: "skipped",
      });
    return {
      original,
      target,
      moved: planCycles(seedProtocol, { ...request, administrations: records }),
    };
  };

  it("never plans two doses of one drug on one day", () => {
    fc.assert(
      fc.property(delayArbitrary, (input) => {
        const keys = withDelay(input).moved.administrations.map((a) => `${a.drug} ${a.date}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 40 },
    );
  });

  it("gives no cytokine in cycle weeks 9–10", () => {
    fc.assert(
      fc.property(delayArbitrary, (input) => {
        const { original, moved } = withDelay(input);
        for (const a of moved.administrations) expect([9, 10]).not.toContain(a.cycleWeek);
        // Undelayed, the calendar agrees with the labels: ⌊d/70⌋+1, ⌊(d mod 70)/7⌋+1.
        for (const a of original.administrations) {
          const position = cycleWeekOfDate(
            original.startDate,
            a.date,
            seedProtocol.cycle.lengthDays,
          );
          expect([position.cycle, position.week]).toEqual([a.cycle, a.cycleWeek]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("opens every post-IL-2 window 24 h and closes it 72 h after an IL-2 dose", () => {
    fc.assert(
      fc.property(delayArbitrary, (input) => {
        const { moved } = withDelay(input);
        const il2 = moved.administrations.filter(
          (a) => a.drug === "il-2" && a.status !== "skipped",
        );
        for (const window of moved.samplingWindows.filter((w) => w.relation === "post")) {
          const dose = il2.find((a) => a.at === window.il2At);
          expect(dose).toBeDefined();
          expect(hoursBetween(window.il2At, window.opensAt)).toBe(24);
          expect(hoursBetween(window.il2At, window.closesAt)).toBe(72);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("keeps every dose after a delay of any number of days on the protocol's weekdays", () => {
    fc.assert(
      fc.property(delayArbitrary, (input) => {
        const { target, moved } = withDelay(input);
        for (const a of moved.administrations)
          if (a.date !== addDays(target.date, input.days))
            expect([1, 3, 5]).toContain(weekdayOf(a.date));
      }),
      { numRuns: 40 },
    );
  });

  it("moves only later doses, and only later", () => {
    fc.assert(
      fc.property(delayArbitrary, (input) => {
        const { original, target, moved } = withDelay(input);
        const index = original.administrations.indexOf(target);
        original.administrations.forEach((before, i) => {
          const after = moved.administrations[i];
          if (i < index) expect(after.date).toBe(before.date);
          else expect(after.date > before.date).toBe(true);
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe("planCycles properties: holds and whole-week delays", () => {
  const input = fc.record({
    start: fc.integer({ min: 0, max: 3650 }).map((days) => addDays("1992-01-06", days)),
    holdAt: fc.integer({ min: 0, max: 139 }),
    holdDays: fc.integer({ min: 1, max: 30 }),
    pick: fc.nat(),
    weeks: fc.integer({ min: 1, max: 3 }),
  });

  it("a hold moves nothing before it and everything from it by its length", () => {
    fc.assert(
      fc.property(input, ({ start, holdAt, holdDays }) => {
        const request = { arm: "treated", startDate: start, cycles: 2 };
        const from = addDays(start, holdAt);
        const original = planCycles(seedProtocol, request);
        const held = planCycles(seedProtocol, {
          ...request,
          holds: [{ subjectId: "S", from, to: addDays(from, holdDays) }],
        });
        original.administrations.forEach((before, i) => {
          const after = held.administrations[i].date;
          expect(after).toBe(before.date < from ? before.date : addDays(before.date, holdDays));
        });
      }),
      { numRuns: 40 },
    );
  });

  it("keeps the protocol's weekdays after a delay of whole weeks", () => {
    fc.assert(
      fc.property(input, ({ start, pick, weeks }) => {
        const request = { arm: "treated", startDate: start, cycles: 2 };
        const original = planCycles(seedProtocol, request);
        const target = original.administrations[pick % original.administrations.length];
        const delayed = planCycles(seedProtocol, {
          ...request,
          administrations: [
            {
              subjectId: "S",
              drug: target.drug,
              scheduledDate: target.date,
              givenAt: `${addDays(target.date, 7 * weeks)}T09:00:00Z`,
              status: "delayed",
            },
          ],
        });
        for (const a of delayed.administrations) expect([1, 3, 5]).toContain(weekdayOf(a.date));
      }),
      { numRuns: 40 },
    );
  });
});

describe("planForSubject", () => {
  it("starts at the first IFN-β dose and stops at the earliest of progression and death", () => {
    // Start Mon 1993-02-01; progression 1993-02-10 stops the plan before Wed Feb 10: Feb 1, 3, 5, 8.
    const plan = planForSubject(
      seedProtocol,
      {
        subject: {
          subjectId: "S",
          arm: "treated",
          enrolmentDate: "1993-01-25",
          firstIfnDate: "1993-02-01",
        },
        progressions: [{ subjectId: "S", progressedOn: "1993-02-10", method: "clinical" }],
        followUps: [
          {
            subjectId: "S",
            contactDate: "1993-03-01",
            vitalStatus: "dead",
            deathDate: "1993-03-01",
          },
        ],
      },
      { cycles: 3 },
    );
    expect(plan.administrations.map((a) => a.date)).toEqual([
      "1993-02-01",
      "1993-02-03",
      "1993-02-05",
      "1993-02-08",
    ]);
    expect(plan.stop).toEqual({ reason: "progression", date: "1993-02-10" });
  });
});
