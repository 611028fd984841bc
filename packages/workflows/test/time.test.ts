import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, StartEvent, StopEvent, Workflow, WorkflowTimeoutError } from "../src/index.js";

const Slow = defineEvent("TimeSlow", { ms: z.number() });

describe("run timeout", () => {
  it("fails with WorkflowTimeoutError naming the steps still active", async () => {
    const wf = new Workflow({ name: "TooSlow", timeout: 0.05 })
      .step("start", { accepts: [StartEvent], returns: [Slow] }, () => new Slow({ ms: 10_000 }))
      .step("sleepy", { accepts: [Slow], returns: [StopEvent] }, (ev, ctx) => new Promise((r) => ctx.signal.addEventListener("abort", () => r(new StopEvent()))));
    const error = await wf.run().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowTimeoutError);
    expect((error as WorkflowTimeoutError).activeSteps).toEqual(["sleepy"]);
    expect((error as Error).message).toBe("Run timed out after 0.05s; still running: sleepy");
  });

  it("defaults to 45 seconds and allows null for none", () => {
    const wf = new Workflow({ name: "Defaults" });
    expect((wf as unknown as { options: { timeout: number } }).options.timeout).toBe(45);
    expect((new Workflow({ timeout: null }) as unknown as { options: { timeout: null } }).options.timeout).toBeNull();
  });

  it("with timeout null a run may take as long as it needs", async () => {
    const wf = new Workflow({ name: "NoLimit", timeout: null }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, async () => {
      await new Promise((r) => setTimeout(r, 30));
      return new StopEvent({ result: "ok" });
    });
    expect(await wf.run()).toBe("ok");
  });
});

describe("step timeout", () => {
  it("fails the step after its timeout and aborts its signal", async () => {
    let reason: unknown;
    const wf = new Workflow({ name: "StepTimeout" }).step("slow", { accepts: [StartEvent], returns: [StopEvent], timeout: 0.02 }, async (_ev, ctx) => {
      await new Promise((r) => ctx.signal.addEventListener("abort", r));
      reason = ctx.signal.reason;
      return new StopEvent();
    });
    const error = await wf.run().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowTimeoutError);
    expect((error as Error).message).toBe('Step "slow" timed out after 0.02s (attempt 1)');
    await new Promise((r) => setTimeout(r, 5));
    expect(reason).toBe(error);
  });

  it("goes through the step's retry policy", async () => {
    let calls = 0;
    const wf = new Workflow({ name: "TimeoutRetry" }).step(
      "flaky",
      { accepts: [StartEvent], returns: [StopEvent], timeout: 0.02, retry: { maxAttempts: 3 } },
      async (_ev, ctx) => {
        calls++;
        if (ctx.attempt < 3) await new Promise((r) => setTimeout(r, 200));
        return new StopEvent({ result: ctx.attempt });
      },
    );
    expect(await wf.run()).toBe(3);
    expect(calls).toBe(3);
  });
});
