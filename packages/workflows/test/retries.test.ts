import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { retryDelayMs, StartEvent, StopEvent, Workflow, type StepErrorInfo } from "../src/index.js";

class Transient extends Error {}

describe("retries", () => {
  it("retries a failing step up to maxAttempts, the attempt visible to the step", async () => {
    const attempts: number[] = [];
    const wf = new Workflow({ name: "Retry" }).step("flaky", { accepts: [StartEvent], returns: [StopEvent], retry: { maxAttempts: 3 } }, (_ev, ctx) => {
      attempts.push(ctx.attempt);
      if (ctx.attempt < 3) throw new Transient(`fail ${ctx.attempt}`);
      return new StopEvent({ result: "third time lucky" });
    });
    expect(await wf.run()).toBe("third time lucky");
    expect(attempts).toEqual([1, 2, 3]);
  });

  it("gives up after maxAttempts with the last error", async () => {
    let calls = 0;
    const wf = new Workflow({ name: "GiveUp" }).step("bad", { accepts: [StartEvent], returns: [StopEvent], retry: { maxAttempts: 2 } }, () => {
      throw new Transient(`fail ${++calls}`);
    });
    await expect(wf.run()).rejects.toThrow("fail 2");
    expect(calls).toBe(2);
  });

  it("the run's error is the user's own, and names the step and the attempt that failed last", async () => {
    let calls = 0;
    const wf = new Workflow({ name: "Named" }).step("flaky", { accepts: [StartEvent], returns: [StopEvent], retry: { maxAttempts: 3 } }, () => {
      throw new Transient(`flaky #${++calls}`);
    });
    const error = await wf.run().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Transient);
    expect((error as Error).message).toBe("flaky #3");
    expect({ step: (error as StepErrorInfo).step, attempt: (error as StepErrorInfo).attempt }).toEqual({ step: "flaky", attempt: 3 });
    expect(inspect(error)).toMatch(/step: 'flaky',\s+attempt: 3/);
  });

  it("retries only the errors retryOn chooses", async () => {
    let calls = 0;
    const wf = new Workflow({ name: "Choosy" }).step(
      "bad",
      { accepts: [StartEvent], returns: [StopEvent], retry: { maxAttempts: 5, retryOn: (e) => e instanceof Transient } },
      () => {
        calls++;
        throw calls === 1 ? new Transient("again") : new TypeError("fatal");
      },
    );
    await expect(wf.run()).rejects.toBeInstanceOf(TypeError);
    expect(calls).toBe(2);
  });

  it("uses the workflow's policy for steps without one", async () => {
    let calls = 0;
    const wf = new Workflow({ name: "WfPolicy", retry: { maxAttempts: 2 } }).step("bad", { accepts: [StartEvent], returns: [StopEvent] }, () => {
      if (++calls === 1) throw new Error("once");
      return new StopEvent({ result: calls });
    });
    expect(await wf.run()).toBe(2);
  });

  it("waits the delay between attempts", async () => {
    const times: number[] = [];
    const wf = new Workflow({ name: "Delayed" }).step("bad", { accepts: [StartEvent], returns: [StopEvent], retry: { maxAttempts: 2, delay: 0.05, backoff: "fixed" } }, () => {
      times.push(performance.now());
      if (times.length === 1) throw new Error("once");
      return new StopEvent();
    });
    await wf.run();
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(45);
  });

  it("computes fixed and exponential delays with a cap and jitter", () => {
    expect(retryDelayMs({ maxAttempts: 5, delay: 1, backoff: "fixed" }, 3)).toBe(1000);
    expect([1, 2, 3, 4].map((a) => retryDelayMs({ maxAttempts: 5, delay: 0.5 }, a))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs({ maxAttempts: 5, delay: 1, maxDelay: 3 }, 4)).toBe(3000);
    expect(retryDelayMs({ maxAttempts: 5, delay: 1, jitter: true }, 1, () => 0.25)).toBe(750);
    expect(retryDelayMs({ maxAttempts: 5, delay: 1, jitter: 0.5 }, 2, () => 1)).toBe(1000);
  });
});
