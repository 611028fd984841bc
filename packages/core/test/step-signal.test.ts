import { describe, expect, it } from "vitest";
import { bindStepSignal, combineSignals, withStepSignal, type StepSignalAware } from "../src/index.js";

class Client implements StepSignalAware<Client> {
  constructor(readonly signal?: AbortSignal) {}
  [bindStepSignal](signal: AbortSignal): Client {
    return new Client(combineSignals(this.signal, signal));
  }
}

describe("the step-signal protocol", () => {
  it("binds a resource that takes part, and leaves any other value as it is", () => {
    const step = new AbortController();
    const bound = withStepSignal(new Client(), step.signal);
    expect(bound.signal).toBe(step.signal);
    const plain = { a: 1 };
    expect(withStepSignal(plain, step.signal)).toBe(plain);
    expect(withStepSignal(null, step.signal)).toBeNull();
  });

  it("agrees with another copy of the package through the registered symbol", () => {
    expect(bindStepSignal).toBe(Symbol.for("weft.bindStepSignal"));
  });
});

describe("combineSignals", () => {
  it("aborts when any of its signals aborts, with that signal's reason", () => {
    const a = new AbortController();
    const b = new AbortController();
    const both = combineSignals(a.signal, undefined, b.signal)!;
    expect(both.aborted).toBe(false);
    b.abort(new Error("step timeout"));
    expect(both.aborted).toBe(true);
    expect((both.reason as Error).message).toBe("step timeout");
  });

  it("returns the one signal given, or undefined for none", () => {
    const a = new AbortController();
    expect(combineSignals(undefined, a.signal)).toBe(a.signal);
    expect(combineSignals()).toBeUndefined();
  });
});
