import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { InProcessRuntime, ManualClock, retryDelayMs, StartEvent, StopEvent, Workflow, type RetryInfo, type StepErrorInfo } from "../src/index.js";

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

  it("computes fixed and exponential delays with a cap and jitter", () => {
    expect(retryDelayMs({ maxAttempts: 5, delay: 1, backoff: "fixed" }, 3)).toBe(1000);
    expect([1, 2, 3, 4].map((a) => retryDelayMs({ maxAttempts: 5, delay: 0.5 }, a))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs({ maxAttempts: 5, delay: 1, maxDelay: 3 }, 4)).toBe(3000);
    expect(retryDelayMs({ maxAttempts: 5, delay: 1, jitter: true }, 1, () => 0.25)).toBe(750);
    expect(retryDelayMs({ maxAttempts: 5, delay: 1, jitter: 0.5 }, 2, () => 1)).toBe(1000);
  });

  describe("on a manual clock", () => {
    it("maxElapsed stops retrying when the next attempt would start after it", async () => {
      const clock = new ManualClock();
      let calls = 0;
      const wf = new Workflow({ name: "Elapsed", timeout: null }).step(
        "bad",
        { accepts: [StartEvent], returns: [StopEvent], retry: { maxAttempts: 10, delay: 1, backoff: "fixed", maxElapsed: 2.5 } },
        () => {
          throw new Error(`fail ${++calls}`);
        },
      );
      const outcome = wf.run({}, { runtime: new InProcessRuntime({ clock }) }).then(() => "resolved", (e: unknown) => (e as Error).message);
      await clock.advance(10_000);
      // attempts start at 0 s, 1 s and 2 s; a fourth would start at 3 s, past 2.5 s
      expect(await outcome).toBe("fail 3");
      expect(calls).toBe(3);
    });

    it("ctx.retryInfo gives the attempt, the seconds since the first attempt began, and the last error", async () => {
      const clock = new ManualClock();
      const infos: RetryInfo[] = [];
      const wf = new Workflow({ name: "Info", timeout: null }).step(
        "flaky",
        { accepts: [StartEvent], returns: [StopEvent], retry: { maxAttempts: 3, delay: 2, backoff: "fixed" } },
        (_ev, ctx) => {
          infos.push(ctx.retryInfo);
          if (ctx.attempt < 3) throw new Transient(`fail ${ctx.attempt}`);
          return new StopEvent({ result: "ok" });
        },
      );
      const outcome = wf.run({}, { runtime: new InProcessRuntime({ clock }) });
      await clock.advance(5_000);
      expect(await outcome).toBe("ok");
      expect(infos.map((i) => [i.attempt, i.elapsed, (i.lastError as Error | undefined)?.message])).toEqual([
        [1, 0, undefined],
        [2, 2, "fail 1"],
        [3, 4, "fail 2"],
      ]);
    });
  });
});
