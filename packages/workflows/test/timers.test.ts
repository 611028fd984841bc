import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  defineEvent,
  HumanResponseEvent,
  InProcessRuntime,
  InputRequiredEvent,
  ManualClock,
  MemoryJournal,
  StartEvent,
  StopEvent,
  Workflow,
  WorkflowTimeoutError,
  type JournalRecord,
} from "../src/index.js";

// Timers are the reducer's: it schedules them (a record with their absolute due time), the executor arms them on the
// runtime's clock, and their firing is a recorded tick. A rebuilt run re-arms those still pending for the same instant.

const START = Date.UTC(2026, 0, 1);
const Asked = defineEvent("TimersAsked", { answer: z.string() });

/** Settles to "running" while the handler is pending, else to its outcome. */
async function stateOf(handler: PromiseLike<unknown>): Promise<unknown> {
  return Promise.race([Promise.resolve(handler).then((v) => ({ resolved: v }), (e: unknown) => e), new Promise((r) => setImmediate(() => r("running")))]);
}

function journaled(clock: ManualClock) {
  const journal = new MemoryJournal();
  return { journal, runtime: new InProcessRuntime({ clock, journal: () => journal }) };
}

const ofType = <T extends JournalRecord["type"]>(records: readonly JournalRecord[], type: T) =>
  records.filter((r): r is Extract<JournalRecord, { type: T }> => r.type === type);

/** A step that never finishes by itself: the run's own timeout ends it. */
function hanging(name: string, timeout: number) {
  return new Workflow({ name, timeout }).step("hang", { accepts: [StartEvent], returns: [StopEvent] }, () => new Promise<StopEvent>(() => undefined));
}

/** A step that asks a human and waits at most 30 s for the answer. */
function asking(name: string) {
  return new Workflow({ name, timeout: null }).step("ask", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
    const answer = await ctx.waitForEvent(HumanResponseEvent, { timeout: 30, waiterEvent: new InputRequiredEvent({ prefix: "name?" }) });
    return new StopEvent({ result: answer.response });
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("timers as commands and ticks", () => {
  it("a wait's timeout is a scheduled timer whose firing is recorded, and fails the wait exactly when due", async () => {
    const clock = new ManualClock(START);
    const { journal, runtime } = journaled(clock);
    const handler = asking("WaitTimer").run({}, { runtime });
    await clock.advance(29_999);
    expect(await stateOf(handler)).toBe("running");
    await clock.advance(1);
    const error = await stateOf(handler);
    expect(error).toBeInstanceOf(WorkflowTimeoutError);
    expect((error as Error).message).toBe("waitForEvent(HumanResponseEvent) in ask timed out after 30s");
    const [begun] = ofType(journal.records, "wait.begun");
    expect(begun).toMatchObject({ timeoutMs: 30_000, at: START });
    const [scheduled] = ofType(journal.records, "timer.scheduled");
    expect(scheduled).toMatchObject({ timerKind: "wait", dueAt: START + 30_000, waiterId: begun.waiterId });
    expect(ofType(journal.records, "timer.fired")).toEqual([expect.objectContaining({ timerId: scheduled.timerId, timerKind: "wait", at: START + 30_000 })]);
    expect(clock.pending).toBe(0);
  });

  it("an answered wait cancels its timer: nothing fires later", async () => {
    const clock = new ManualClock(START);
    const { journal, runtime } = journaled(clock);
    const handler = asking("WaitAnswered").run({}, { runtime });
    await clock.advance(10);
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "Ada" }));
    expect(await handler).toBe("Ada");
    expect(clock.pending).toBe(0);
    await clock.advance(60_000);
    expect(ofType(journal.records, "timer.fired")).toEqual([]);
  });

  it("a step timing out in the middle of a wait ends that wait and its timer; the retry waits again and gets the answer", async () => {
    const clock = new ManualClock(START);
    const ended: string[] = [];
    const wf = new Workflow({ name: "WaitInTimedOutStep", timeout: null }).step(
      "ask",
      { accepts: [StartEvent], returns: [StopEvent], timeout: 1, retry: { maxAttempts: 2 } },
      async (_ev, ctx) => {
        try {
          const answer = await ctx.waitForEvent(HumanResponseEvent, { timeout: 60 });
          return new StopEvent({ result: `attempt ${ctx.attempt}: ${answer.response}` });
        } catch (error) {
          ended.push((error as Error).message);
          throw error;
        }
      },
    );
    const handler = wf.run({}, { runtime: new InProcessRuntime({ clock }) });
    await clock.advance(1000);
    expect(ended).toEqual(["waitForEvent(HumanResponseEvent) in ask: attempt 1 ended before an answer came"]);
    // attempt 2's step timeout and its wait's timeout; attempt 1's wait timer went with its wait
    expect(clock.pending).toBe(2);
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "late" }));
    expect(await handler).toBe("attempt 2: late");
    expect(clock.pending).toBe(0);
  });

  it("takes no Math.random on a run's path, a wait from outside any step included", async () => {
    const random = vi.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("Math.random called");
    });
    const clock = new ManualClock(START);
    const wf = new Workflow({ name: "NoRandom", timeout: 5 })
      .step("ask", { accepts: [StartEvent], returns: [Asked] }, async (_ev, ctx) => new Asked({ answer: (await ctx.waitForEvent(HumanResponseEvent)).response }))
      .step("end", { accepts: [Asked], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.answer }));
    const handler = wf.run({}, { runtime: journaled(clock).runtime });
    const seen = handler.ctx.waitForEvent(Asked);
    await clock.advance(0);
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "yes" }));
    expect((await seen).answer).toBe("yes");
    // the outside wait took the step's event: the run goes on to its timeout
    const failed = expect(handler).rejects.toBeInstanceOf(WorkflowTimeoutError);
    await clock.advance(5000);
    await failed;
    expect(random).not.toHaveBeenCalled();
  });
});

describe("a rebuilt run re-arms its pending timers at their recorded due times", () => {
  it("the run timeout: the rebuilt run times out when the original would have", async () => {
    const clock = new ManualClock(START);
    const { journal, runtime } = journaled(clock);
    void hanging("RunTimer", 10).run({}, { runtime }).then(undefined, () => undefined);
    await clock.advance(6000);
    const records = [...journal.records];
    expect(ofType(records, "timer.scheduled")).toEqual([expect.objectContaining({ timerKind: "run", dueAt: START + 10_000 })]);

    // another process, 6 s into the run: 4 s are left, not 10
    const later = new ManualClock(START + 6000);
    const rebuilt = journaled(later);
    const handler = hanging("RunTimer", 10).rebuild(records, { runtime: rebuilt.runtime });
    await later.advance(3999);
    expect(await stateOf(handler)).toBe("running");
    await later.advance(1);
    const error = await stateOf(handler);
    expect(error).toBeInstanceOf(WorkflowTimeoutError);
    expect((error as Error).message).toBe("Run timed out after 10s; still running: hang");
    // the continuation records the firing, not a second schedule
    expect(rebuilt.journal.records.map((r) => r.type)).toEqual(["step.started", "timer.fired", "run.ended"]);
  });

  it("a run whose timeout passed while it was down fails as soon as it is rebuilt", async () => {
    const clock = new ManualClock(START);
    const { journal, runtime } = journaled(clock);
    void hanging("RunTimerLate", 10).run({}, { runtime }).then(undefined, () => undefined);
    await clock.advance(1000);
    const later = new ManualClock(START + 60_000);
    const handler = hanging("RunTimerLate", 10).rebuild([...journal.records], { runtime: journaled(later).runtime });
    const outcome = handler.then(undefined, (error: unknown) => error);
    await later.advance(0);
    expect(await outcome).toBeInstanceOf(WorkflowTimeoutError);
  });

  it("a wait's timeout: the rebuilt step keeps its wait (asked once) and its due time", async () => {
    const clock = new ManualClock(START);
    const { journal, runtime } = journaled(clock);
    void asking("WaitRebuilt").run({}, { runtime }).then(undefined, () => undefined);
    await clock.advance(20_000);
    const records = [...journal.records];

    const later = new ManualClock(START + 20_000);
    const rebuilt = journaled(later);
    const handler = asking("WaitRebuilt").rebuild(records, { runtime: rebuilt.runtime });
    await later.advance(9999);
    expect(await stateOf(handler)).toBe("running");
    // the question was on the stream already: the re-run step does not ask it again
    expect(ofType(rebuilt.journal.records, "stream.written")).toEqual([]);
    await later.advance(1);
    expect(await stateOf(handler)).toBeInstanceOf(WorkflowTimeoutError);
  });

  it("a wait carried over can still be answered, and its timer then goes", async () => {
    const clock = new ManualClock(START);
    const { journal, runtime } = journaled(clock);
    void asking("WaitRebuiltAnswered").run({}, { runtime }).then(undefined, () => undefined);
    await clock.advance(20_000);
    const later = new ManualClock(START + 20_000);
    const handler = asking("WaitRebuiltAnswered").rebuild([...journal.records], { runtime: journaled(later).runtime });
    await later.advance(0);
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "Grace" }));
    expect(await handler).toBe("Grace");
    expect(later.pending).toBe(0);
  });

  it("a step's own timeout counts from the interrupted attempt's start, as in the run it carries on", async () => {
    const build = () =>
      new Workflow({ name: "StepTimerRebuilt", timeout: null }).step("hang", { accepts: [StartEvent], returns: [StopEvent], timeout: 10 }, (_ev, ctx) =>
        new Promise<StopEvent>((_resolve, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason))),
      );
    const clock = new ManualClock(START);
    const { journal, runtime } = journaled(clock);
    void build().run({}, { runtime }).then(undefined, () => undefined);
    await clock.advance(6000);
    const later = new ManualClock(START + 6000);
    const handler = build().rebuild([...journal.records], { runtime: journaled(later).runtime });
    await later.advance(3999);
    expect(await stateOf(handler)).toBe("running");
    await later.advance(1);
    const error = await stateOf(handler);
    expect(error).toBeInstanceOf(WorkflowTimeoutError);
    expect((error as Error).message).toBe('Step "hang" timed out after 10s (attempt 1)');
  });

  it("a retry delay: the next attempt starts when the original's would have", async () => {
    const build = (starts: number[], clock: () => ManualClock) =>
      new Workflow({ name: "RetryRebuilt", timeout: null }).step(
        "flaky",
        { accepts: [StartEvent], returns: [StopEvent], retry: { maxAttempts: 2, delay: 8, backoff: "fixed" } },
        (_ev, ctx) => {
          starts.push(clock().now());
          if (ctx.attempt === 1) throw new Error("once");
          return new StopEvent({ result: ctx.attempt });
        },
      );
    const clock = new ManualClock(START);
    const { journal, runtime } = journaled(clock);
    const first: number[] = [];
    void build(first, () => clock).run({}, { runtime }).then(undefined, () => undefined);
    await clock.advance(5000);
    expect(first).toEqual([START]);

    const later = new ManualClock(START + 5000);
    const second: number[] = [];
    const handler = build(second, () => later).rebuild([...journal.records], { runtime: journaled(later).runtime });
    await later.advance(2999);
    expect(second).toEqual([]);
    await later.advance(1);
    expect(await handler).toBe(2);
    expect(second).toEqual([START + 8000]);
  });
});
