import { describe, expect, it } from "vitest";
import { bindStepScope, bindStepSignal, withStepScope, type StepDurable, type StepScope } from "../src/index.js";

const durable: StepDurable = { begin: () => ({ recorded: undefined, complete: () => undefined }) };

describe("the step-scope protocol", () => {
  it("hands the whole scope to a resource that takes part in it", () => {
    const step = new AbortController();
    const resource = { [bindStepScope]: (scope: StepScope) => ({ scope }) };
    const bound = withStepScope(resource, { signal: step.signal, durable }) as unknown as { scope: StepScope };
    expect(bound.scope.signal).toBe(step.signal);
    expect(bound.scope.durable).toBe(durable);
  });

  it("falls back to the step-signal protocol, then to the value itself", () => {
    const step = new AbortController();
    const signalOnly = { [bindStepSignal]: (signal: AbortSignal) => ({ signal }) };
    expect((withStepScope(signalOnly, { signal: step.signal, durable }) as unknown as { signal: AbortSignal }).signal).toBe(step.signal);
    const plain = { a: 1 };
    expect(withStepScope(plain, { signal: step.signal, durable: undefined })).toBe(plain);
    expect(withStepScope(undefined, { signal: step.signal, durable: undefined })).toBeUndefined();
  });

  it("agrees with another copy of the package through the registered symbol", () => {
    expect(bindStepScope).toBe(Symbol.for("weft.bindStepScope"));
  });
});
