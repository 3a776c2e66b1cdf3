import { describe, expect, it } from "vitest";
import { type Action, type Actor, can, type Role, sitesWhere } from "./policy";

function actorWith(role: Role, siteId: string | null = "pisa"): Actor {
  return { userId: role, username: role, displayName: role, roles: [{ role, siteId }] };
}

const pisa = { kind: "site", siteId: "pisa" } as const;
const siena = { kind: "site", siteId: "siena" } as const;

// Each row: role, action, allowed on her own site (pisa), allowed on another site (siena).
const table: [Role, Action, boolean, boolean][] = [
  ["investigator", "read", true, false],
  ["investigator", "write", true, false],
  ["investigator", "sign", true, false],
  ["investigator", "query.raise", false, false],
  ["investigator", "query.answer", true, false],
  ["coordinator", "read", true, false],
  ["coordinator", "write", true, false],
  ["coordinator", "sign", false, false],
  ["data_manager", "read", true, false],
  ["data_manager", "write", false, false],
  ["data_manager", "query.raise", true, false],
  ["data_manager", "query.close", true, false],
  ["data_manager", "sign", true, false],
  ["monitor", "read", true, false],
  ["monitor", "write", false, false],
  ["monitor", "query.raise", true, false],
  ["monitor", "query.close", true, false],
  ["monitor", "sign", false, false],
  ["monitor", "export", false, false],
  ["statistician", "read", true, true],
  ["statistician", "export", true, true],
  ["statistician", "write", false, false],
  ["statistician", "audit.read", false, false],
  ["admin", "read", false, false],
  ["admin", "write", false, false],
];

describe("can", () => {
  it.each(table)("%s may %s: own site %s, other site %s", (role, action, own, other) => {
    const actor = actorWith(role);
    expect(can(actor, action, pisa)).toBe(own);
    expect(can(actor, action, siena)).toBe(other);
  });

  it("lets only an admin manage the trial, and everybody read it", () => {
    for (const role of ["investigator", "monitor", "statistician"] as const) {
      expect(can(actorWith(role), "manage", { kind: "trial" })).toBe(false);
      expect(can(actorWith(role), "read", { kind: "trial" })).toBe(true);
    }
    expect(can(actorWith("admin", null), "manage", { kind: "trial" })).toBe(true);
  });

  it("adds up the grants of several assignments", () => {
    const actor: Actor = {
      ...actorWith("monitor", "siena"),
      roles: [
        { role: "monitor", siteId: "siena" },
        { role: "investigator", siteId: "pisa" },
      ],
    };
    expect(can(actor, "write", pisa)).toBe(true);
    expect(can(actor, "write", siena)).toBe(false);
    expect(can(actor, "read", siena)).toBe(true);
  });

  it("ignores a site role that names no site", () => {
    expect(can(actorWith("investigator", null), "read", pisa)).toBe(false);
  });
});

describe("sitesWhere", () => {
  it("lists the sites of site roles and 'all' for trial-wide roles", () => {
    expect(sitesWhere(actorWith("monitor"), "read")).toEqual(["pisa"]);
    expect(sitesWhere(actorWith("monitor"), "write")).toEqual([]);
    expect(sitesWhere(actorWith("statistician", null), "read")).toBe("all");
    expect(sitesWhere(actorWith("admin", null), "read")).toEqual([]);
  });
});
