import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, engines, openApiFixture } from "../test/api-fixture";
import { demoPassword } from "./demo-study";

let fixture: ApiFixture;
let nextAddress = 1;

/** A client of its own address, as `serve` reports the socket's remote address (loopback, where the demo password works). */
function newClientAddress(): string {
  nextAddress += 1;
  return `127.0.0.${nextAddress}`;
}

function login(username: string, password: string, address = "127.0.0.1") {
  return fixture.app.request(
    "/api/auth/login",
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    },
    { incoming: { socket: { remoteAddress: address } } },
  );
}

const statuses = (responses: Response[]) => responses.map((response) => response.status);
const count = (values: number[], value: number) => values.filter((each) => each === value).length;

describe.each(engines)("sign-in throttling on %s", (engine) => {
  beforeAll(async () => {
    fixture = await openApiFixture(engine);
  });
  afterAll(() => fixture.close());

  it("counts 60 parallel wrong passwords: at most 5 are checked, the rest are refused and the account is locked", async () => {
    const address = newClientAddress();
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => login("investigator.pisa", "wrong-password", address)),
    );
    const codes = statuses(answers);
    expect(count(codes, 401)).toBeLessThanOrEqual(4);
    expect(count(codes, 423) + count(codes, 401)).toBe(60);
    const locked = await login("investigator.pisa", demoPassword, address);
    expect(locked.status).toBe(423);
    const body = await locked.json();
    expect(body.code).toBe("locked_out");
    expect(body.message).toBe(
      "too many failed sign-ins: this account is locked until 2025-03-03T09:15:00.000Z (UTC); try again then or ask an administrator",
    );
  });

  it("refuses a burst of 50 whose last attempt carries the right password", async () => {
    const address = newClientAddress();
    const burst = Array.from({ length: 50 }, (_, index) =>
      login("investigator.firenze", index === 49 ? demoPassword : "wrong-password", address),
    );
    const codes = statuses(await Promise.all(burst));
    expect(codes[49]).toBe(423);
    expect(count(codes, 200)).toBe(0);
  });

  it("answers an unknown username exactly like a known one, lock included", async () => {
    const known: Response[] = [];
    const unknown: Response[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      known.push(await login("monitor.pisa", "wrong-password", newClientAddress()));
      unknown.push(await login("nobody.at.all", "wrong-password", newClientAddress()));
    }
    expect(statuses(unknown)).toEqual([401, 401, 401, 401, 423, 423]);
    expect(statuses(known)).toEqual(statuses(unknown));
    for (let index = 0; index < 6; index++) {
      expect(await unknown[index].json()).toEqual(await known[index].json());
    }
  });

  it("lets a lock run out, and locks again for twice as long", async () => {
    const address = newClientAddress();
    for (let attempt = 1; attempt <= 4; attempt++) await login("admin", "wrong", address);
    expect((await login("admin", "wrong", address)).headers.get("retry-after")).toBe("900");
    fixture.clock.advance(15 * 60_000);
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await login("admin", "wrong", address)).status).toBe(401);
    }
    const second = await login("admin", "wrong", address);
    expect(second.status).toBe(423);
    expect(second.headers.get("retry-after")).toBe("1800");
    fixture.clock.advance(30 * 60_000);
    expect((await login("admin", demoPassword, address)).status).toBe(200);
    fixture.clock.advance(-45 * 60_000);
  });

  it("lets an administrator lift a lock at once; other roles may not", async () => {
    const address = newClientAddress();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await login("coordinator.firenze", "wrong", address);
    }
    expect((await login("coordinator.firenze", demoPassword, address)).status).toBe(423);
    const userId = fixture.demo.userIds["coordinator.firenze"];
    const monitor = await fixture.signIn("monitor.firenze");
    expect((await monitor.json("POST", `/api/users/${userId}/unlock`)).status).toBe(403);
    const admin = await fixture.signIn("admin");
    const unlocked = await admin.json("POST", `/api/users/${userId}/unlock`);
    expect(unlocked).toEqual({
      status: 200,
      body: { userId, username: "coordinator.firenze", unlocked: true },
    });
    expect((await login("coordinator.firenze", demoPassword, address)).status).toBe(200);
  });

  // Thirty unknown names each cost a full-strength scrypt (the dummy hash): slow on a busy machine.
  it("makes one address that tries many usernames wait (429)", async () => {
    const address = newClientAddress();
    const codes: number[] = [];
    for (let attempt = 0; attempt < 31; attempt++) {
      codes.push((await login(`guess.${attempt}`, "wrong", address)).status);
    }
    expect(codes.slice(0, 29)).toEqual(Array(29).fill(401));
    const waited = await login("data-manager.pisa", demoPassword, address);
    expect(waited.status).toBe(429);
    expect((await waited.json()).message).toBe(
      "too many failed sign-ins from your address: wait until 2025-03-03T09:05:00.000Z (UTC) before trying again",
    );
    expect((await login("data-manager.pisa", demoPassword, newClientAddress())).status).toBe(200);
  }, 180_000);

  it("counts wrong passwords at signing in the same lock as sign-in", async () => {
    const investigator = await fixture.signIn("investigator.siena");
    const subjectId = await sienaSubject();
    const sign = (password: string) =>
      investigator.json("POST", "/api/signatures", {
        entity: "subject",
        recordId: subjectId,
        meaning: "review",
        password,
      });
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await sign("wrong")).body.code).toBe("signature_refused");
    }
    const fifth = await sign("wrong");
    expect(fifth.status).toBe(423);
    expect((await sign(demoPassword)).status).toBe(423);
    expect((await login("investigator.siena", demoPassword)).status).toBe(423);
    await (await fixture.signIn("admin")).json(
      "POST",
      `/api/users/${fixture.demo.userIds["investigator.siena"]}/unlock`,
    );
  });

  it("logged no bug", () => {
    expect(fixture.bugs).toEqual([]);
  });
});

async function sienaSubject(): Promise<string> {
  const coordinator = await fixture.signIn("investigator.siena");
  const created = await coordinator.json("POST", "/api/subjects", {
    studyId: fixture.demo.studyId,
    siteId: fixture.demo.siteIds.SI,
    pseudonym: "SI-901",
    arm: "treated",
    enrolmentDate: "2024-02-01",
  });
  expect(created.status).toBe(201);
  return created.body.id;
}
