import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, InProcessRuntime, ManualClock, StartEvent, StopEvent, Workflow, WorkflowTimeoutError, type JournalRecord } from "../src/index.js";
import { journalUntil } from "./fixtures/journal-until.js";

// A run rebuilt from its journal keeps the deadlines of the run it carries on: its run timeout, a wait's timeout, a
// retry's delay and a step's timeout count from when the journal says they began, not from the rebuild. Each case
// runs a workflow on a ManualClock until `cutAt`, rebuilds its journal on a clock that reads the same time, and moves
// that clock only as far as the uninterrupted run would have needed.

const Reply = defineEvent("TimersReply", { text: z.string() });

function never(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }));
}

/** A step whose first attempt hangs until its 1 s timeout aborts it; its retry returns its attempt number. */
const slowFirstAttempt = (name: string) =>
  new Workflow({ name, timeout: null }).step(
    "slow",
    { accepts: [StartEvent], returns: [StopEvent], timeout: 1, retry: { maxAttempts: 2 } },
    async (_ev, ctx) => {
      if (ctx.attempt === 1) await never(ctx.signal);
      return new StopEvent({ result: ctx.attempt });
    },
  );

/** Rebuilds `records` on a clock at `cutAt`; `handler` and the `clock` to move. */
function rebuildAt(flow: Workflow, records: JournalRecord[], cutAt: number) {
  const clock = new ManualClock(cutAt);
  const handler = flow.rebuild(records, { runtime: new InProcessRuntime({ clock }) });
  let outcome: { value: unknown } | { error: unknown } | undefined;
  handler.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  );
  return { clock, outcome: () => outcome };
}

describe("a rebuilt run keeps the deadlines of the run it carries on", () => {
  it("its run timeout counts from the run's start", async () => {
    const flow = new Workflow({ name: "TimersRun", timeout: 2 }).step("wait", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) =>
      new StopEvent({ result: (await ctx.waitForEvent(Reply)).text }),
    );
    const { clock, outcome } = rebuildAt(flow, await journalUntil(flow, 1500), 1500);
    await clock.advance(499);
    expect(outcome()).toBeUndefined();
    await clock.advance(1);
    expect(outcome()).toMatchObject({ error: { message: "Run timed out after 2s; still running: wait" } });
  });

  it("a wait's timeout counts from when the wait began", async () => {
    const flow = new Workflow({ name: "TimersWait", timeout: null }).step("wait", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      const reply = await ctx.waitForEvent(Reply, { timeout: 1 }).catch((error: unknown) => (error instanceof WorkflowTimeoutError ? null : Promise.reject(error)));
      return new StopEvent({ result: reply ? reply.text : "no reply" });
    });
    const { clock, outcome } = rebuildAt(flow, await journalUntil(flow, 600), 600);
    await clock.advance(399);
    expect(outcome()).toBeUndefined();
    await clock.advance(1);
    expect(outcome()).toEqual({ value: "no reply" });
  });

  it("a retry that had not started yet waits out the rest of its delay", async () => {
    let attempts = 0;
    const flow = new Workflow({ name: "TimersRetry", timeout: null }).step(
      "flaky",
      { accepts: [StartEvent], returns: [StopEvent], retry: { maxAttempts: 2, delay: 1, backoff: "fixed" } },
      (_ev, ctx) => {
        attempts++;
        if (ctx.attempt === 1) throw new Error("flaky");
        return new StopEvent({ result: ctx.attempt });
      },
    );
    const records = await journalUntil(flow, 400);
    expect(records.slice(-2)).toMatchObject([
      { type: "step.failed", retry: { delayMs: 1000 } },
      { type: "timer.scheduled", timerKind: "retry", dueAt: 1000 },
    ]);
    attempts = 0;
    const { clock, outcome } = rebuildAt(flow, records, 400);
    await clock.advance(599);
    expect(attempts).toBe(0);
    await clock.advance(1);
    expect(outcome()).toEqual({ value: 2 });
  });

  it("a step's timeout counts from when the attempt in progress began", async () => {
    const flow = slowFirstAttempt("TimersStep");
    const { clock, outcome } = rebuildAt(flow, await journalUntil(flow, 600), 600);
    await clock.advance(399);
    expect(outcome()).toBeUndefined();
    await clock.advance(1);
    expect(outcome()).toEqual({ value: 2 });
  });

  it("an attempt whose step timeout fired just before the cut fails with it at once, and its retry runs", async () => {
    const flow = slowFirstAttempt("TimersStepFired");
    const records = await journalUntil(flow, 1000);
    const fired = records.findIndex((r) => r.type === "timer.fired" && r.timerKind === "step");
    const { clock, outcome } = rebuildAt(flow, records.slice(0, fired + 1), 1000);
    await clock.advance(0);
    expect(outcome()).toEqual({ value: 2 });
  });
});
