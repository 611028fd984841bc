import { Event } from "../events/event.js";
import { InputRequiredEvent, StopEvent } from "../events/builtin-events.js";
import type { StepFailedEvent } from "../events/step-failed-event.js";
import { WorkflowCancelledError, WorkflowRuntimeError, WorkflowTimeoutError } from "../errors/errors.js";
import { returnsEvent, type StepDefinition } from "../workflow/step-definition.js";
import type { RetryPolicy } from "./retry-policy.js";
import { activeStepNames, forgetAnswers, OUTSIDE, slotOf, type Execution, type RunState, type StepSlot, type Waiter } from "./run-state.js";

/** Something that happened to a run. */
export type Tick =
  /** `from`: the step execution that sent it (for the record; the loop does not read it). */
  | { kind: "event"; event: Event; target?: string; from?: Execution }
  | { kind: "stepDone"; exec: Execution; result: unknown }
  /** `retry` is the executor's decision (taken once, with the user's `retryOn`): the delay before the next attempt, or null. */
  | { kind: "stepFailed"; exec: Execution; error: unknown; retry: { delayMs: number } | null; recover?: StepFailedEvent }
  /** A user callback outside any step (a logger, a waiter's requirements) threw: the run fails with it. */
  | { kind: "fault"; error: unknown }
  | { kind: "timeout"; seconds: number }
  | { kind: "cancel"; reason?: unknown };

/** What the executor must do about it. */
export type Command =
  | { kind: "runStep"; exec: Execution }
  | { kind: "retryStep"; exec: Execution; delayMs: number; error: unknown }
  | { kind: "publish"; event: Event }
  | { kind: "resolveWaiter"; waiter: Waiter; event: Event }
  | { kind: "finish"; stop: StopEvent }
  | { kind: "fail"; error: unknown };

/** What the loop needs from the workflow: which steps take an event, the default retry policy, who recovers failures. */
export interface RunPlan {
  consumersOf(event: Event): readonly StepDefinition[];
  readonly retry: RetryPolicy | undefined;
  /** Steps that accept `StepFailedEvent`: a step failing for good goes to them instead of failing the run. */
  readonly recoverySteps: readonly StepDefinition[];
}

/**
 * The run's control loop: run state plus one tick gives the commands to carry out. It never awaits, never touches
 * timers, spans or user code, so every decision about ordering, concurrency, retries and ending lives here and is
 * exercised the same way whether a run starts fresh or resumes from a snapshot. The commands are appended to `out`
 * (and returned), so a caller can reuse one array.
 */
export function reduce(state: RunState, plan: RunPlan, tick: Tick, out: Command[] = []): Command[] {
  switch (tick.kind) {
    case "event":
      if (state.status === "running") addEvent(state, plan, tick.event, tick.target, out);
      break;
    case "stepDone":
      stepDone(state, plan, tick.exec, tick.result, out);
      break;
    case "stepFailed":
      stepFailed(state, plan, tick, out);
      break;
    case "fault":
      if (state.status === "running") {
        state.status = "failed";
        out.push({ kind: "fail", error: tick.error });
      }
      break;
    case "timeout":
      if (state.status === "running") {
        state.status = "failed";
        const active = activeStepNames(state);
        const still = active.length ? `; still running: ${active.join(", ")}` : "; no step was running (waiting for an event?)";
        out.push({ kind: "fail", error: new WorkflowTimeoutError(`Run timed out after ${tick.seconds}s${still}`, active) });
      }
      break;
    case "cancel":
      if (state.status === "running") {
        state.status = "cancelled";
        const why = tick.reason === undefined ? "" : `: ${tick.reason instanceof Error ? tick.reason.message : String(tick.reason)}`;
        out.push({ kind: "fail", error: new WorkflowCancelledError(`Run cancelled${why}`, { cause: tick.reason }) });
      }
      break;
  }
  return out;
}

function matchesRequirements(event: Event, requirements: Readonly<Record<string, unknown>> | undefined): boolean {
  if (!requirements) return true;
  const fields = event as unknown as Record<string, unknown>;
  for (const key in requirements) if (fields[key] !== requirements[key]) return false;
  return true;
}

function removeFirst<T>(list: T[], match: (item: T) => boolean): T | undefined {
  const at = list.findIndex(match);
  return at < 0 ? undefined : list.splice(at, 1)[0];
}

/**
 * Removes and returns every waiter that takes `event`, oldest first: an event reaches every matching waiter, as it
 * reaches every step that accepts it (three branches waiting for one answer need one answer). Null when none does.
 */
export function takeWaiters(state: RunState, event: Event): Waiter[] | null {
  let taken: Waiter[] | null = null;
  const waiters = state.waiters;
  for (let i = 0; i < waiters.length; ) {
    const w = waiters[i];
    if (event instanceof w.eventClass && matchesRequirements(event, w.requirements)) {
      (taken ??= []).push(w);
      waiters.splice(i, 1);
    } else i++;
  }
  return taken;
}

/** Finds (and removes) a parked event a new waiter takes. */
export function takeParked(state: RunState, waiter: Pick<Waiter, "eventClass" | "requirements">): Event | undefined {
  return removeFirst(state.parked, (ev) => ev instanceof waiter.eventClass && matchesRequirements(ev, waiter.requirements));
}

function addEvent(state: RunState, plan: RunPlan, event: Event, target: string | undefined, out: Command[]): void {
  if (event instanceof StopEvent) {
    state.status = "completed";
    out.push({ kind: "finish", stop: event });
    return;
  }
  if (event instanceof InputRequiredEvent) out.push({ kind: "publish", event });
  if (target !== undefined) {
    const slot = slotOf(state, target);
    if (slot) enqueue(state, slot, event, out);
    return;
  }
  if (state.waiters.length > 0) {
    const taken = takeWaiters(state, event);
    if (taken) {
      for (let i = 0; i < taken.length; i++) {
        if (taken[i].stepName !== OUTSIDE) state.answers.set(taken[i].id, event);
        out.push({ kind: "resolveWaiter", waiter: taken[i], event });
      }
      return;
    }
  }
  const consumers = plan.consumersOf(event);
  if (consumers.length === 0) {
    if (!(event instanceof InputRequiredEvent)) state.parked.push(event);
    return;
  }
  for (let i = 0; i < consumers.length; i++) enqueue(state, slotOf(state, consumers[i].name)!, event, out);
}

function enqueue(state: RunState, slot: StepSlot, event: Event, out: Command[]): void {
  if (slot.active < slot.def.numWorkers) out.push({ kind: "runStep", exec: startExecution(state, slot, event, slot.freeWorkers.pop()!) });
  else slot.queue.push(event);
}

/** A first attempt, or with `retryOf` the next attempt of that execution (same worker, same first start). */
function startExecution(state: RunState, slot: StepSlot, event: Event, worker: number, retryOf?: { exec: Execution; error: unknown }): Execution {
  if (retryOf === undefined) slot.active++;
  const exec: Execution = {
    id: state.nextExecutionId++,
    slot,
    event,
    attempt: retryOf ? retryOf.exec.attempt + 1 : 1,
    worker,
    firstStartedAt: retryOf ? retryOf.exec.firstStartedAt : -1,
    lastError: retryOf?.error,
    settled: false,
    waits: 0,
    listed: false,
    prevListed: undefined,
    nextListed: undefined,
    span: undefined,
  };
  state.active.add(exec);
  return exec;
}

function release(state: RunState, exec: Execution): void {
  state.active.delete(exec);
  exec.slot.active--;
  exec.slot.freeWorkers.push(exec.worker);
}

/** After a worker frees up, the next queued event of that step gets it. */
function pullNext(state: RunState, slot: StepSlot, out: Command[]): void {
  if (state.status !== "running") return;
  while (slot.queue.length > 0 && slot.active < slot.def.numWorkers) {
    out.push({ kind: "runStep", exec: startExecution(state, slot, slot.queue.shift()!, slot.freeWorkers.pop()!) });
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return `an object of class ${(value as object).constructor?.name ?? "Object"}`;
  return `a ${typeof value}`;
}

function stepDone(state: RunState, plan: RunPlan, exec: Execution, result: unknown, out: Command[]): void {
  if (exec.settled) return;
  exec.settled = true;
  release(state, exec);
  forgetAnswers(state, exec);
  if (state.status !== "running") return;
  const def = exec.slot.def;
  if (result !== undefined && result !== null) {
    // an array fans out: each event goes on in order, after all were checked
    const events = Array.isArray(result) ? result : [result];
    for (let i = 0; i < events.length; i++) {
      const problem = returnProblem(def, events[i], Array.isArray(result) ? ` (item ${i} of the array it returned)` : "");
      if (problem) {
        state.status = "failed";
        out.push({ kind: "fail", error: problem });
        return;
      }
    }
    for (let i = 0; i < events.length && state.status === "running"; i++) addEvent(state, plan, events[i] as Event, undefined, out);
  }
  pullNext(state, exec.slot, out);
}

/** Why a value a step returned cannot go on, or undefined when it is one of its declared events. */
function returnProblem(def: StepDefinition, value: unknown, where: string): WorkflowRuntimeError | undefined {
  if (!(value instanceof Event)) return new WorkflowRuntimeError(`Step "${def.name}" returned ${describeValue(value)}${where}, not an event`);
  if (returnsEvent(def, value)) return undefined;
  const declared = def.returns.map((c) => c.eventName).join(", ") || "nothing";
  return new WorkflowRuntimeError(`Step "${def.name}" returned ${value.eventName}${where}, which it does not declare (returns: ${declared})`);
}

function stepFailed(state: RunState, plan: RunPlan, tick: Extract<Tick, { kind: "stepFailed" }>, out: Command[]): void {
  const { exec, error, retry } = tick;
  if (exec.settled) return;
  exec.settled = true;
  if (state.status !== "running") {
    release(state, exec);
    return;
  }
  if (retry) {
    state.active.delete(exec);
    const next = startExecution(state, exec.slot, exec.event, exec.worker, { exec, error });
    out.push({ kind: "retryStep", exec: next, delayMs: retry.delayMs, error });
    return;
  }
  release(state, exec);
  forgetAnswers(state, exec);
  if (tick.recover && recover(state, plan, tick.recover, out)) {
    pullNext(state, exec.slot, out);
    return;
  }
  state.status = "failed";
  out.push({ kind: "fail", error });
}

/** Hands a step's failure to the recovering steps that have recoveries left; false when none has. */
function recover(state: RunState, plan: RunPlan, failure: StepFailedEvent, out: Command[]): boolean {
  let handed = false;
  for (const def of plan.recoverySteps) {
    const used = state.recoveries.get(def.name) ?? 0;
    if (used >= def.maxRecoveries) continue;
    state.recoveries.set(def.name, used + 1);
    enqueue(state, slotOf(state, def.name)!, failure, out);
    handed = true;
  }
  return handed;
}
