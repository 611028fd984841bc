import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, Event, InputRequiredEvent, StartEvent, StopEvent, WorkflowCancelledError, WorkflowTimeoutError } from "../src/index.js";
import { reduce, type Command, type RunPlan } from "../src/runtime/reducer.js";
import { createRunState, type Execution } from "../src/runtime/run-state.js";
import { acceptsEvent, type StepDefinition } from "../src/workflow/step-definition.js";

// The reducer is a pure function of (state, tick): these tests drive it by hand, with no timers and no handlers.

const Job = defineEvent("LoopJob", { n: z.number() });

function step(name: string, accepts: StepDefinition["accepts"], returns: StepDefinition["returns"], extra: Partial<StepDefinition> = {}): StepDefinition {
  return { name, accepts, returns, resources: {}, resourceKeys: [], numWorkers: 4, retry: undefined, timeoutMs: null, maxRecoveries: 1, handler: () => undefined, ...extra };
}

function setup(steps: StepDefinition[], retry?: RunPlan["retry"]) {
  const plan: RunPlan = { retry, recoverySteps: [], consumersOf: (ev: Event) => steps.filter((s) => acceptsEvent(s, ev)) };
  return { state: createRunState(steps), plan };
}

const runs = (cmds: Command[]) => cmds.filter((c): c is Extract<Command, { kind: "runStep" }> => c.kind === "runStep").map((c) => c.exec);

describe("the reducer", () => {
  it("starts an execution per accepting step, up to numWorkers, queueing the rest", () => {
    const { state, plan } = setup([step("start", [StartEvent], [Job]), step("work", [Job], [StopEvent], { numWorkers: 2 })]);
    expect(runs(reduce(state, plan, { kind: "event", event: new StartEvent() })).map((e) => e.slot.def.name)).toEqual(["start"]);
    const started = [1, 2, 3].flatMap((n) => runs(reduce(state, plan, { kind: "event", event: new Job({ n }) })));
    expect(started.map((e) => [e.slot.def.name, (e.event as InstanceType<typeof Job>).n, e.worker])).toEqual([
      ["work", 1, 0],
      ["work", 2, 1],
    ]);
    expect(state.slots.get("work")!.queue?.length).toBe(1);
    // A worker frees up: the queued event takes its worker.
    const next = runs(reduce(state, plan, { kind: "stepDone", exec: started[0], result: undefined }));
    expect(next.map((e) => [(e.event as InstanceType<typeof Job>).n, e.worker])).toEqual([[3, 0]]);
  });

  it("gives a step that never has to queue no queue, and hands out the last released worker before an unused one", () => {
    const { state, plan } = setup([step("start", [StartEvent], [Job]), step("work", [Job], [StopEvent], { numWorkers: 3 })]);
    reduce(state, plan, { kind: "event", event: new StartEvent() });
    const [a, b] = [1, 2].flatMap((n) => runs(reduce(state, plan, { kind: "event", event: new Job({ n }) })));
    expect([a.worker, b.worker]).toEqual([0, 1]);
    expect(state.slots.get("work")!.queue).toBeNull();
    reduce(state, plan, { kind: "stepDone", exec: b, result: undefined });
    reduce(state, plan, { kind: "stepDone", exec: a, result: undefined });
    const again = [3, 4, 5].flatMap((n) => runs(reduce(state, plan, { kind: "event", event: new Job({ n }) })));
    expect(again.map((e) => e.worker)).toEqual([0, 1, 2]);
    expect(state.slots.get("work")!.queue).toBeNull();
    // released out of order: the last released is taken first, then the ones never used
    reduce(state, plan, { kind: "stepDone", exec: again[0], result: undefined });
    reduce(state, plan, { kind: "stepDone", exec: again[2], result: undefined });
    const more = [6, 7, 8].flatMap((n) => runs(reduce(state, plan, { kind: "event", event: new Job({ n }) })));
    expect(more.map((e) => e.worker)).toEqual([2, 0]);
    expect(state.slots.get("work")!.queue?.length).toBe(1);
  });

  it("finishes on a stop event and ignores everything after", () => {
    const { state, plan } = setup([step("s", [StartEvent], [StopEvent])]);
    const [exec] = runs(reduce(state, plan, { kind: "event", event: new StartEvent() }));
    const stop = new StopEvent({ result: 1 });
    expect(reduce(state, plan, { kind: "stepDone", exec, result: stop })).toEqual([{ kind: "finish", stop, waiters: [], waitingForInput: false }]);
    expect(state.status).toBe("completed");
    expect(reduce(state, plan, { kind: "event", event: new StartEvent() })).toEqual([]);
    expect(reduce(state, plan, { kind: "timeout", seconds: 1 })).toEqual([]);
  });

  it("publishes input-required events and keeps unconsumed events for a later waiter", () => {
    const { state, plan } = setup([step("s", [StartEvent], [InputRequiredEvent, StopEvent])]);
    const ask = new InputRequiredEvent({ prefix: "?" });
    expect(reduce(state, plan, { kind: "event", event: ask })).toEqual([{ kind: "publish", event: ask }]);
    expect(state.parked).toEqual([]);
    const stray = new Job({ n: 1 });
    reduce(state, plan, { kind: "event", event: stray });
    expect(state.parked).toEqual([stray]);
  });

  it("schedules a retry on the same worker for the executor's decided delay, runs it when its timer fires, then fails when it decides no retry", () => {
    const { state, plan } = setup([step("s", [StartEvent], [StopEvent], { retry: { maxAttempts: 2, delay: 1, backoff: "fixed" } })]);
    const [first] = runs(reduce(state, plan, { kind: "event", event: new StartEvent() }));
    const retry = reduce(state, plan, { kind: "stepFailed", exec: first, error: new Error("x"), retry: { delayMs: 1000 }, at: 5000 });
    expect(retry).toHaveLength(1);
    const { timer } = retry[0] as Extract<Command, { kind: "schedule" }>;
    expect(timer).toMatchObject({ kind: "retry", dueAt: 6000, delayMs: 1000 });
    const second = timer.exec!;
    expect([second.attempt, second.worker]).toEqual([2, first.worker]);
    // A late result of the first attempt changes nothing.
    expect(reduce(state, plan, { kind: "stepDone", exec: first, result: new StopEvent() })).toEqual([]);
    expect(reduce(state, plan, { kind: "timer", timerId: timer.id, at: 6000 })).toEqual([{ kind: "runStep", exec: second }]);
    // a timer fires once
    expect(reduce(state, plan, { kind: "timer", timerId: timer.id, at: 6000 })).toEqual([]);
    const error = new Error("y");
    expect(reduce(state, plan, { kind: "stepFailed", exec: second, error, retry: null, at: 6001 })).toEqual([{ kind: "fail", error, waiters: [], waitingForInput: false }]);
    expect(state.status).toBe("failed");
    expect(state.slots.get("s")!.active).toBe(0);
  });

  it("turns timeout and cancel ticks into the matching errors, naming active steps", () => {
    const { state, plan } = setup([step("slow", [StartEvent], [StopEvent])]);
    reduce(state, plan, { kind: "event", event: new StartEvent() });
    const [timeout] = reduce(state, plan, { kind: "timeout", seconds: 3 });
    expect((timeout as Extract<Command, { kind: "fail" }>).error).toBeInstanceOf(WorkflowTimeoutError);
    expect(((timeout as Extract<Command, { kind: "fail" }>).error as WorkflowTimeoutError).activeSteps).toEqual(["slow"]);
    const other = setup([step("s", [StartEvent], [StopEvent])]);
    const [cancel] = reduce(other.state, other.plan, { kind: "cancel", reason: "bye" });
    expect((cancel as Extract<Command, { kind: "fail" }>).error).toBeInstanceOf(WorkflowCancelledError);
    expect(other.state.status).toBe("cancelled");
  });

  it("delivers an event to a waiter before any step", () => {
    const { state, plan } = setup([step("s", [StartEvent, Job], [StopEvent])]);
    reduce(state, plan, { kind: "waitBegun", waiter: { id: "w", eventClass: Job, requirements: { n: 2 }, stepName: "s" }, from: null, at: 0 });
    expect(runs(reduce(state, plan, { kind: "event", event: new Job({ n: 1 }) }))).toHaveLength(1);
    const two = new Job({ n: 2 });
    expect(reduce(state, plan, { kind: "event", event: two })).toEqual([{ kind: "resolveWaiter", waiterId: "w", event: two }]);
    expect(state.waiters).toEqual([]);
    const exec: Execution | undefined = [...state.active][0];
    expect(exec?.slot.def.name).toBe("s");
  });
});
