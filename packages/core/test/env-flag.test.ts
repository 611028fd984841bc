import { describe, expect, it } from "vitest";
import { envFlag, envPositiveInteger } from "../src/index.js";

describe("envFlag", () => {
  it.each(["1", "true", "TRUE", " yes ", "On"])("reads %j as on", (raw) => {
    expect(envFlag("WEFT_X", { WEFT_X: raw })).toBe(true);
  });

  it.each(["0", "false", "False", "no", " OFF "])("reads %j as off", (raw) => {
    expect(envFlag("WEFT_X", { WEFT_X: raw })).toBe(false);
  });

  it("is undefined when unset or blank, so a caller's default applies", () => {
    expect(envFlag("WEFT_X", {})).toBeUndefined();
    expect(envFlag("WEFT_X", { WEFT_X: "  " })).toBeUndefined();
  });

  it("refuses anything else, naming the variable and the value", () => {
    expect(() => envFlag("OPENINFERENCE_HIDE_INPUTS", { OPENINFERENCE_HIDE_INPUTS: "ture" })).toThrow(
      /OPENINFERENCE_HIDE_INPUTS="ture" is not a switch/,
    );
    expect(() => envFlag("WEFT_X", { WEFT_X: "2" })).toThrow(/WEFT_X="2"/);
  });

  it("reads process.env by default", () => {
    process.env.WEFT_CORE_TEST_FLAG = "1";
    try {
      expect(envFlag("WEFT_CORE_TEST_FLAG")).toBe(true);
    } finally {
      delete process.env.WEFT_CORE_TEST_FLAG;
    }
  });
});

describe("envPositiveInteger", () => {
  it("reads a positive whole number", () => {
    expect(envPositiveInteger("WEFT_N", { WEFT_N: " 12 " })).toBe(12);
    expect(envPositiveInteger("WEFT_N", {})).toBeUndefined();
  });

  it.each(["0", "-3", "1.5", "ten"])("refuses %j, naming the variable", (raw) => {
    expect(() => envPositiveInteger("WEFT_N", { WEFT_N: raw })).toThrow(/WEFT_N=.* is not a positive whole number/);
  });
});
