import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, engines, manualClock, openApiFixture } from "../test/api-fixture";
import type { Actor } from "./policy";
import { cachedSessionPort, sessionCacheMs } from "./session-cache";
import type { SessionPort, SessionRecord } from "./session-port";

/** A port that answers from memory and counts the lookups that would reach the database. */
function countingPort() {
  const calls = { find: 0, findUser: 0 };
  const session: SessionRecord = {
    id: "s1",
    userId: "u1",
    createdAt: new Date("2025-03-03T09:00:00Z"),
    expiresAt: new Date("2025-03-03T09:30:00Z"),
  };
  const actor = { userId: "u1", username: "investigator.pisa", roles: [] } as unknown as Actor;
  const port = {
    find: async () => {
      calls.find += 1;
      return session;
    },
    findUser: async () => {
      calls.findUser += 1;
      return actor;
    },
    remove: async () => undefined,
    extend: async () => undefined,
    removeSessionsOf: async () => undefined,
  } as unknown as SessionPort;
  return { calls, port };
}

/** A store stand-in whose commits the test announces. */
function commits() {
  const listeners: ((written: ReadonlySet<string>) => void)[] = [];
  return {
    onCommit: (listener: (written: ReadonlySet<string>) => void) => {
      listeners.push(listener);
      return () => undefined;
    },
    commit: (...entities: string[]) => {
      for (const listener of listeners) listener(new Set(entities));
    },
  };
}

describe("the session cache", () => {
  it("answers a session and its user from memory until the time-to-live ends", async () => {
    const { calls, port } = countingPort();
    const clock = manualClock();
    const cached = cachedSessionPort(port, commits(), clock.now);
    for (let request = 0; request < 3; request++) {
      expect((await cached.find("s1"))?.userId).toBe("u1");
      expect((await cached.findUser("u1"))?.username).toBe("investigator.pisa");
    }
    expect(calls).toEqual({ find: 1, findUser: 1 });
    clock.advance(sessionCacheMs);
    await cached.find("s1");
    await cached.findUser("u1");
    expect(calls).toEqual({ find: 2, findUser: 2 });
  });

  it("forgets everything when this process writes a user, a role or ends a session", async () => {
    const { calls, port } = countingPort();
    const store = commits();
    const cached = cachedSessionPort(port, store, manualClock().now);
    await cached.find("s1");
    await cached.findUser("u1");
    store.commit("labResult");
    await cached.find("s1");
    await cached.findUser("u1");
    expect(calls).toEqual({ find: 1, findUser: 1 });
    for (const [index, entity] of ["roleAssignment", "user", "session"].entries()) {
      store.commit(entity);
      await cached.find("s1");
      await cached.findUser("u1");
      expect(calls).toEqual({ find: 2 + index, findUser: 2 + index });
    }
    await cached.remove("s1");
    await cached.find("s1");
    expect(calls.find).toBe(5);
  });
});

describe.each(engines)("permissions through the cache on %s", (engine) => {
  let fixture: ApiFixture;
  beforeAll(async () => {
    fixture = await openApiFixture(engine);
  });
  afterAll(() => fixture.close());

  it("take a role away on the next request, and end a signed-out session at once", async () => {
    const admin = await fixture.signIn("admin");
    const investigator = await fixture.signIn("investigator.pisa");
    const enrol = (pseudonym: string) =>
      investigator.json("POST", "/api/subjects", {
        studyId: fixture.demo.studyId,
        siteId: fixture.demo.siteIds.PI,
        pseudonym,
        arm: "treated",
        enrolmentDate: "2024-01-15",
      });
    expect((await enrol("PI-301")).status).toBe(201);
    const users = await admin.json("GET", "/api/users?limit=1000");
    const user = users.body.items.find(
      (each: { username: string }) => each.username === "investigator.pisa",
    );
    const roles = await admin.json("GET", "/api/role-assignments?limit=1000");
    const [role] = roles.body.items.filter((each: { userId: string }) => each.userId === user.id);
    const removed = await admin.json("DELETE", `/api/role-assignments/${role.id}`, {
      version: role.version,
    });
    expect(removed.status).toBe(200);
    // Pisa is no longer hers: the site is not found for her (a stale cache would answer 201).
    expect((await enrol("PI-302")).status).toBe(404);
    const monitor = await fixture.signIn("monitor.pisa");
    expect((await monitor.json("GET", "/api/subjects")).status).toBe(200);
    expect((await monitor.json("POST", "/api/auth/logout")).status).toBe(200);
    expect((await monitor.json("GET", "/api/subjects")).status).toBe(401);
  });
});
