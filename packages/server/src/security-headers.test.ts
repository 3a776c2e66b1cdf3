import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, openApiFixture } from "../test/api-fixture";

let fixture: ApiFixture;

beforeAll(async () => {
  fixture = await openApiFixture();
});
afterAll(() => fixture.close());

const requests: [string, string, RequestInit?][] = [
  ["the web application", "/"],
  ["the API reference page", "/api/docs"],
  ["the OpenAPI document", "/api/openapi.json"],
  ["a 401", "/api/subjects"],
  ["an unknown API route", "/api/no-such-thing"],
  [
    "a malformed body",
    "/api/auth/login",
    { method: "POST", headers: { "content-type": "application/json" }, body: "{" },
  ],
];

describe("security headers", () => {
  it.each(requests)("are on %s", async (_what, path, init) => {
    const response = await fixture.app.request(path, init);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });
});
