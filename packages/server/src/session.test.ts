import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, clientOf, engines, openApiFixture } from "../test/api-fixture";
import { demoPassword } from "./demo-study";

let fixture: ApiFixture;

function login(username: string, password: string) {
  return fixture.app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
}

describe.each(engines)("sessions on %s", (engine) => {
  beforeAll(async () => {
    fixture = await openApiFixture(engine);
  });
  afterAll(() => fixture.close());

  describe("sign-in", () => {
    it("sets an HttpOnly SameSite=Strict cookie and returns the CSRF token and expiry", async () => {
      const response = await login("monitor.firenze", demoPassword);
      expect(response.status).toBe(200);
      const cookie = response.headers.get("set-cookie")!;
      expect(cookie).toMatch(/^ciclo_session=[\w-]{43};/);
      expect(cookie).toContain("HttpOnly");
      expect(cookie).toContain("SameSite=Strict");
      expect(cookie).not.toContain("Secure");
      const me = await response.json();
      expect(me.username).toBe("monitor.firenze");
      expect(me.roles).toEqual([{ role: "monitor", siteId: fixture.demo.siteIds.FI }]);
      // The fixture's clock stands at 2025-03-03T09:00Z; a session lasts 30 idle minutes.
      expect(me.sessionExpiresAt).toBe("2025-03-03T09:30:00.000Z");
      expect(me.csrfToken).toMatch(/^[\w-]{43}$/);
    });

    it("marks the cookie Secure behind https", async () => {
      const response = await fixture.app.request("https://ciclo.example/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "monitor.firenze", password: demoPassword }),
      });
      expect(response.headers.get("set-cookie")).toContain("Secure");
    });

    it("refuses a wrong password and an unknown user with the same answer", async () => {
      const wrong = await login("coordinator.firenze", "not-the-password");
      const unknown = await login("nobody.here", "not-the-password");
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(await wrong.json()).toEqual(await unknown.json());
    });

    it("locks an account for 15 minutes after 5 failures in a row", async () => {
      for (let attempt = 1; attempt <= 4; attempt++) {
        expect((await login("coordinator.siena", "wrong")).status).toBe(401);
      }
      const fifth = await login("coordinator.siena", "wrong");
      expect(fifth.status).toBe(423);
      expect(fifth.headers.get("retry-after")).toBe("900");
      expect((await fifth.json()).message).toBe(
        "too many failed sign-ins: this account is locked until 2025-03-03T09:15:00.000Z (UTC); try again then or ask an administrator",
      );
      // Even the right password is refused while locked…
      expect((await login("coordinator.siena", demoPassword)).status).toBe(423);
      fixture.clock.advance(15 * 60_000);
      // …and accepted once the lock has run out.
      expect((await login("coordinator.siena", demoPassword)).status).toBe(200);
      fixture.clock.advance(-15 * 60_000);
    });

    it("resets the failure count after a successful sign-in", async () => {
      for (let attempt = 1; attempt <= 4; attempt++) await login("monitor.siena", "wrong");
      expect((await login("monitor.siena", demoPassword)).status).toBe(200);
      expect((await login("monitor.siena", "wrong")).status).toBe(401);
    });

    it("names the field of a malformed sign-in", async () => {
      const response = await fixture.app.request("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "monitor.pisa" }),
      });
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.field).toBe("password");
      expect(body.code).toBe("invalid_request");
    });
  });

  describe("sessions", () => {
    it("answers 401 without a session", async () => {
      const response = await fixture.app.request("/api/subjects");
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        code: "unauthenticated",
        message: "sign in first: POST /api/auth/login",
      });
    });

    it("answers 401 without a session before it looks at the body", async () => {
      const response = await fixture.app.request("/api/visits", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ visitDate: "not a date" }),
      });
      expect(response.status).toBe(401);
      expect((await response.json()).code).toBe("unauthenticated");
    });

    it("slides the expiry with each request and ends the session after 30 idle minutes", async () => {
      const client = await fixture.signIn("data-manager.firenze");
      fixture.clock.advance(20 * 60_000);
      const me = await client.json("GET", "/api/me");
      expect(me.body.sessionExpiresAt).toBe("2025-03-03T09:50:00.000Z");
      fixture.clock.advance(29 * 60_000);
      expect((await client.request("GET", "/api/me")).status).toBe(200);
      fixture.clock.advance(31 * 60_000);
      expect((await client.request("GET", "/api/me")).status).toBe(401);
      fixture.clock.advance(-80 * 60_000);
    });

    it("ends the session at sign-out", async () => {
      const client = await fixture.signIn("investigator.firenze");
      const out = await client.json("POST", "/api/auth/logout");
      expect(out).toEqual({ status: 200, body: { signedOut: true } });
      expect((await client.request("GET", "/api/me")).status).toBe(401);
    });

    it("ends the sessions of a deactivated user", async () => {
      const client = await fixture.signIn("coordinator.pisa");
      const admin = await fixture.signIn("admin");
      const userId = fixture.demo.userIds["coordinator.pisa"];
      const user = await admin.json("GET", `/api/users/${userId}`);
      const changed = await admin.json("PATCH", `/api/users/${userId}`, {
        version: user.body.version,
        reason: "left the study",
        changes: { active: false },
      });
      expect(changed.status).toBe(200);
      expect((await client.request("GET", "/api/me")).status).toBe(401);
      expect((await login("coordinator.pisa", demoPassword)).status).toBe(401);
    });
  });

  describe("password changes", () => {
    it("ends every session of a user who changes her own password, and answers with a fresh one", async () => {
      const laptop = await fixture.signIn("monitor.pisa");
      const phone = await fixture.signIn("monitor.pisa");
      const wrong = await laptop.json("POST", "/api/auth/password", {
        currentPassword: "not-my-password",
        newPassword: "a-new-long-password",
      });
      expect(wrong.status).toBe(403);
      expect(wrong.body.field).toBe("currentPassword");
      const changed = await laptop.request("POST", "/api/auth/password", {
        currentPassword: demoPassword,
        newPassword: "a-new-long-password",
      });
      expect(changed.status).toBe(200);
      const cookie = (changed.headers.get("set-cookie") ?? "").split(";")[0];
      const { csrfToken } = await changed.json();
      expect((await phone.request("GET", "/api/me")).status).toBe(401);
      expect((await laptop.request("GET", "/api/me")).status).toBe(401);
      const fresh = clientOf(fixture.app, cookie, csrfToken);
      expect((await fresh.json("GET", "/api/me")).body.username).toBe("monitor.pisa");
      expect((await login("monitor.pisa", demoPassword)).status).toBe(401);
      expect((await login("monitor.pisa", "a-new-long-password")).status).toBe(200);
    });

    it("ends the sessions of a user whose password an administrator sets", async () => {
      const client = await fixture.signIn("data-manager.siena");
      const admin = await fixture.signIn("admin");
      const userId = fixture.demo.userIds["data-manager.siena"];
      const user = await admin.json("GET", `/api/users/${userId}`);
      const changed = await admin.json("PATCH", `/api/users/${userId}`, {
        version: user.body.version,
        reason: "forgot her password",
        changes: { password: "a-temporary-password" },
      });
      expect(changed.status).toBe(200);
      expect((await client.request("GET", "/api/me")).status).toBe(401);
    });
  });

  describe("CSRF protection", () => {
    it("refuses a change without the token, with a message saying what to send", async () => {
      const client = await fixture.signIn("investigator.pisa");
      const forged = clientOf(fixture.app, client.cookie, "");
      const response = await forged.json("POST", "/api/visits", {
        subjectId: "x",
        visitDate: "2024-01-01",
        kind: "control",
      });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe("csrf_token_missing");
      expect(response.body.message).toContain("X-CSRF-Token");
    });

    it("refuses another session's token", async () => {
      const pisa = await fixture.signIn("investigator.pisa");
      const siena = await fixture.signIn("investigator.siena");
      const mixed = clientOf(fixture.app, pisa.cookie, siena.csrfToken);
      expect((await mixed.request("POST", "/api/auth/logout")).status).toBe(403);
    });

    it("needs no token to read", async () => {
      const client = await fixture.signIn("investigator.pisa");
      const reader = clientOf(fixture.app, client.cookie, "");
      expect((await reader.request("GET", "/api/me")).status).toBe(200);
    });

    it("logged no bug", () => {
      expect(fixture.bugs).toEqual([]);
    });
  });
});
