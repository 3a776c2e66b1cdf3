import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

// A low cost keeps the test quick; the stored parameters are what verification uses.
const cheap = { N: 1024, r: 8, p: 1 };

describe("hashPassword / verifyPassword", () => {
  it("accepts the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("Pisa-1992", cheap);
    expect(await verifyPassword("Pisa-1992", stored)).toBe(true);
    expect(await verifyPassword("pisa-1992", stored)).toBe(false);
  });

  it("stores scheme, parameters and a fresh salt with every hash", async () => {
    const first = await hashPassword("same", cheap);
    const second = await hashPassword("same", cheap);
    expect(first.split("$").slice(0, 4)).toEqual(["scrypt", "1024", "8", "1"]);
    expect(first).not.toBe(second);
  });

  it("verifies a malformed stored hash as false", async () => {
    expect(await verifyPassword("x", "")).toBe(false);
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
    expect(await verifyPassword("x", "scrypt$0$8$1$c2FsdA==$a2V5")).toBe(false);
  });
});
