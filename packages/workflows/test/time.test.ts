import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, InProcessRuntime, ManualClock, StartEvent, StopEvent, Workflow, WorkflowTimeoutError } from "../src/index.js";

// Time is a ManualClock's: nothing here sleeps, and every assertion says what happens at which instant.

const Slow = defineEvent("TimeSlow", { ms: z.number() });

function onClock() {
  const clock = new ManualClock();
  return { clock, runtime: new InProcessRuntime({ clock }) };
}

/** Settles to "running" while the handler is pending, else to its outcome. */
async function stateOf(handler: PromiseLike<unknown>): Promise<unknown> {
  return Promise.race([Promise.resolve(handler).then((v) => ({ resolved: v }), (e: unknown) => e), new Promise((r) => setImmediate(() => r("running")))]);
}

const waitForAbort = (signal: AbortSignal) => new Promise((r) => signal.addEventListener("abort", r));

describe("run timeout", () => {
  it("fails with WorkflowTimeoutError naming the steps still active, exactly when it passes", async () => {
    const { clock, runtime } = onClock();
    const wf = new Workflow({ name: "TooSlow", timeout: 0.05 })
      .step("start", { accepts: [StartEvent], returns: [Slow] }, () => new Slow({ ms: 10_000 }))
      .step("sleepy", { accepts: [Slow], returns: [StopEvent] }, async (_ev, ctx) => {
        await waitForAbort(ctx.signal);
        return new StopEvent();
      });
    const handler = wf.run({}, { runtime });
    await clock.advance(49);
    expect(await stateOf(handler)).toBe("running");
    await clock.advance(1);
    const error = await stateOf(handler);
    expect(error).toBeInstanceOf(WorkflowTimeoutError);
    expect((error as WorkflowTimeoutError).activeSteps).toEqual(["sleepy"]);
    expect((error as Error).message).toBe("Run timed out after 0.05s; still running: sleepy");
  });

  it("names the steps still active by name, not in the order they started (a rebuilt run may start them in another)", async () => {
    const { clock, runtime } = onClock();
    const wf = new Workflow({ name: "TwoSlow", timeout: 0.05 })
      .step("start", { accepts: [StartEvent], returns: [Slow] }, () => new Slow({ ms: 10_000 }))
      // both take the Slow event; "zebra" is declared, and so started, first
      .step("zebra", { accepts: [Slow], returns: [StopEvent] }, async (_ev, ctx) => (await waitForAbort(ctx.signal), new StopEvent()))
      .step("antelope", { accepts: [Slow], returns: [StopEvent] }, async (_ev, ctx) => (await waitForAbort(ctx.signal), new StopEvent()));
    const handler = wf.run({}, { runtime });
    await clock.advance(50);
    const error = await stateOf(handler);
    expect((error as WorkflowTimeoutError).activeSteps).toEqual(["antelope", "zebra"]);
    expect((error as Error).message).toBe("Run timed out after 0.05s; still running: antelope, zebra");
  });

  it("defaults to 45 seconds", async () => {
    const { clock, runtime } = onClock();
    const wf = new Workflow({ name: "Defaults" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      await waitForAbort(ctx.signal);
      return new StopEvent();
    });
    const handler = wf.run({}, { runtime });
    await clock.advance(44_999);
    expect(await stateOf(handler)).toBe("running");
    await clock.advance(1);
    expect(await stateOf(handler)).toBeInstanceOf(WorkflowTimeoutError);
  });

  it("with timeout null a run may take as long as it needs, and arms no timer", async () => {
    const { clock, runtime } = onClock();
    let release!: () => void;
    const wf = new Workflow({ name: "NoLimit", timeout: null }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, async () => {
      await new Promise<void>((r) => (release = r));
      return new StopEvent({ result: "ok" });
    });
    const handler = wf.run({}, { runtime });
    await clock.advance(3_600_000);
    expect(clock.pending).toBe(0);
    release();
    expect(await handler).toBe("ok");
  });
});

describe("step timeout", () => {
  it("fails the step after its timeout and aborts its signal with that error", async () => {
    const { clock, runtime } = onClock();
    let reason: unknown;
    const wf = new Workflow({ name: "StepTimeout" }).step("slow", { accepts: [StartEvent], returns: [StopEvent], timeout: 0.02 }, async (_ev, ctx) => {
      await waitForAbort(ctx.signal);
      reason = ctx.signal.reason;
      return new StopEvent();
    });
    const handler = wf.run({}, { runtime });
    await clock.advance(19);
    expect(await stateOf(handler)).toBe("running");
    await clock.advance(1);
    const error = await stateOf(handler);
    expect(error).toBeInstanceOf(WorkflowTimeoutError);
    expect((error as Error).message).toBe('Step "slow" timed out after 0.02s (attempt 1)');
    expect(reason).toBe(error);
  });

  it("goes through the step's retry policy", async () => {
    const { clock, runtime } = onClock();
    let calls = 0;
    const wf = new Workflow({ name: "TimeoutRetry" }).step(
      "flaky",
      { accepts: [StartEvent], returns: [StopEvent], timeout: 0.02, retry: { maxAttempts: 3 } },
      async (_ev, ctx) => {
        calls++;
        if (ctx.attempt < 3) await waitForAbort(ctx.signal);
        return new StopEvent({ result: ctx.attempt });
      },
    );
    const handler = wf.run({}, { runtime });
    await clock.advance(40);
    expect(await handler).toBe(3);
    expect(calls).toBe(3);
  });
});

describe("retry delay", () => {
  it("the next attempt starts when the delay has passed, not before", async () => {
    const { clock, runtime } = onClock();
    const starts: number[] = [];
    const wf = new Workflow({ name: "Delayed" }).step("bad", { accepts: [StartEvent], returns: [StopEvent], retry: { maxAttempts: 2, delay: 0.05, backoff: "fixed" } }, () => {
      starts.push(clock.now());
      if (starts.length === 1) throw new Error("once");
      return new StopEvent();
    });
    const handler = wf.run({}, { runtime });
    await clock.advance(49);
    expect(starts).toEqual([0]);
    await clock.advance(1);
    await handler;
    expect(starts).toEqual([0, 50]);
  });
});

describe("a step's timeout and the run's signal", () => {
  it("a step that ends leaves no listener on the run's signal behind (one per step would pile up)", async () => {
    const Again = defineEvent("TimeAgain", { left: z.number() });
    const Report = defineEvent("TimeReport", {});
    const wf = new Workflow({ name: "ManyTimedSteps", timeout: null })
      .step("begin", { accepts: [StartEvent], returns: [Again] }, () => new Again({ left: 20 }))
      .step("timed", { accepts: [Again], returns: [Again, Report], timeout: 5 }, (ev) => (ev.left > 0 ? new Again({ left: ev.left - 1 }) : new Report({})))
      // a step without a timeout of its own sees the run's signal
      .step("report", { accepts: [Report], returns: [StopEvent] }, (_ev, ctx) => new StopEvent({ result: getEventListeners(ctx.signal, "abort").length }));
    expect(await wf.run({}, { runtime: new InProcessRuntime({ clock: new ManualClock() }) })).toBe(0);
  });
});
