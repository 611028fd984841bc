import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_VALUE_LENGTH, resolveRedaction } from "../src/index.js";

describe("resolveRedaction", () => {
  it("shows everything by default", () => {
    expect(resolveRedaction({}, {})).toEqual({
      hideInputs: false,
      hideOutputs: false,
      hideInputMessages: false,
      hideOutputMessages: false,
      maxValueLength: DEFAULT_MAX_VALUE_LENGTH,
    });
  });

  it('reads "1" as on, as every package now does (llm used to read only "true")', () => {
    const r = resolveRedaction({}, { OPENINFERENCE_HIDE_INPUTS: "1", OPENINFERENCE_HIDE_OUTPUT_MESSAGES: "yes" });
    expect(r).toMatchObject({ hideInputs: true, hideInputMessages: true, hideOutputs: false, hideOutputMessages: true });
  });

  it("lets options win over the environment", () => {
    const env = { OPENINFERENCE_HIDE_INPUTS: "true", WEFT_TRACE_MAX_VALUE_LENGTH: "10" };
    expect(resolveRedaction({ hideInputs: false, maxValueLength: 99 }, env)).toMatchObject({ hideInputs: false, maxValueLength: 99 });
    expect(resolveRedaction({}, env)).toMatchObject({ hideInputs: true, maxValueLength: 10 });
  });

  it("hides the messages whenever it hides inputs or outputs", () => {
    const r = resolveRedaction({ hideInputs: true, hideOutputs: true, hideInputMessages: false, hideOutputMessages: false }, {});
    expect(r.hideInputMessages).toBe(true);
    expect(r.hideOutputMessages).toBe(true);
  });

  it("fails on a malformed variable instead of quietly showing what it was meant to hide", () => {
    expect(() => resolveRedaction({}, { OPENINFERENCE_HIDE_OUTPUTS: "hide" })).toThrow(/OPENINFERENCE_HIDE_OUTPUTS/);
    expect(() => resolveRedaction({}, { WEFT_TRACE_MAX_VALUE_LENGTH: "big" })).toThrow(/WEFT_TRACE_MAX_VALUE_LENGTH/);
  });

  it("does not read a variable an option already decides", () => {
    expect(resolveRedaction({ hideOutputs: true }, { OPENINFERENCE_HIDE_OUTPUTS: "hide" }).hideOutputs).toBe(true);
  });
});
