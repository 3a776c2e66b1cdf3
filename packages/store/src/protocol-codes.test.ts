import { describe, expect, it } from "vitest";
import { codeProblems, type ProtocolCodes } from "./protocol-codes";

const codes: ProtocolCodes = {
  version: 2,
  arms: ["treated", "control"],
  drugs: ["ifn-beta", "anti-estrogen"],
  agents: ["tamoxifen", "letrozole"],
};

describe("the protocol's codes", () => {
  it("names each coded field whose value the protocol does not define", () => {
    expect(
      codeProblems(codes, "subject", { arm: "placebo", hormoneTherapyAgent: "aspirin" }),
    ).toEqual([
      {
        field: "arm",
        message: "'placebo' is not an arm of protocol version 2; use one of treated, control",
      },
      {
        field: "hormoneTherapyAgent",
        message:
          "'aspirin' is not an anti-estrogen agent of protocol version 2; use one of tamoxifen, letrozole",
      },
    ]);
    expect(codeProblems(codes, "administration", { drug: "il-2" })).toEqual([
      {
        field: "drug",
        message: "'il-2' is not a drug of protocol version 2; use one of ifn-beta, anti-estrogen",
      },
    ]);
  });

  it("accepts defined codes, absent and empty values, and entities without codes", () => {
    expect(codeProblems(codes, "subject", { arm: "control", hormoneTherapyAgent: null })).toEqual(
      [],
    );
    expect(codeProblems(codes, "administration", { drug: "anti-estrogen" })).toEqual([]);
    expect(codeProblems(codes, "visit", { kind: "anything" })).toEqual([]);
  });
});
