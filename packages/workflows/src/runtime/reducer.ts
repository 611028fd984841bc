import { Event, type AnyEventClass } from "../events/event.js";
import { HumanResponseEvent, InputRequiredEvent, StopEvent } from "../events/builtin-events.js";
import type { StepFailedEvent } from "../events/step-failed-event.js";
import { WorkflowCancelledError, WorkflowRuntimeError, WorkflowTimeoutError } from "../errors/errors.js";
import { returnsEvent, type StepDefinition } from "../workflow/step-definition.js";
import type { RetryPolicy } from "./retry-policy.js";
import { collectInto } from "./pick-collected.js";
import {
  activeStepNames,
  forgetAnswers,
  OUTSIDE,
  queueOnSlot,
  releaseWorker,
  slotOf,
  takeWorker,
  waiterId,
  type Execution,
  type PendingTimer,
  type RunState,
  type RunStatus,
  type StepSlot,
  type TimerKind,
  type Waiter,
} from "./run-state.js";

/** Something that happened to a run. `at`: the clock's time when it happened (ms), where a decision needs it. */
export type Tick =
  /** The run begins (fresh, resumed or rebuilt): arms the run's timeout. */
  | { kind: "begin"; at: number }
  /**
   * `from`: the step execution that sent it; `sent`: `sendEvent` sent it (from a step or from outside); `input`: the
   * run's start event. For the record and the observers; the loop reads none of them.
   */
  | { kind: "event"; event: Event; target?: string; from?: Execution; sent?: true; input?: true }
  /** An attempt's handler is about to run: it starts its step timeout. */
  | { kind: "stepStarted"; exec: Execution; at: number }
  | { kind: "stepDone"; exec: Execution; result: unknown }
  /** `retry` is the executor's decision (taken once, with the user's `retryOn`): the delay before the next attempt, or null. */
  | { kind: "stepFailed"; exec: Execution; error: unknown; retry: { delayMs: number } | null; recover?: StepFailedEvent; at: number }
  /** A step's `collectEvents` call: answered by a `collected` command. */
  | { kind: "collect"; exec: Execution; event: Event; expected: readonly AnyEventClass[] }
  /** A `waitForEvent` call; `waiterEvent` is written to the stream unless it was asked before. */
  | { kind: "waitBegun"; waiter: Omit<Waiter, "timerId" | "asked">; timeoutMs?: number; waiterEvent?: Event; from: Execution | null; at: number }
  /** Waits nobody can be answered any more (a rebuilt run's waits from outside any step: their caller is gone). */
  | { kind: "dropWaits"; stepName: string }
  /** `writeEventToStream` (`from`: the execution that wrote it, null from outside; for the record). */
  | { kind: "streamWrite"; event: Event; from: Execution | null }
  /** A timer the loop scheduled fell due. */
  | { kind: "timer"; timerId: number; at: number }
  /** A run snapshot's pending parts (the queues come in as targeted events after it). */
  | { kind: "restore"; collectBuffers: Map<string, Event[]>; parked: Event[]; waiterIds: string[] }
  /** A user callback outside any step (a logger, a waiter's requirements) threw: the run fails with it. */
  | { kind: "fault"; error: unknown }
  /** The run's timeout passed, as journals before timers were ticks recorded it (`run.timedOut`). */
  | { kind: "timeout"; seconds: number }
  | { kind: "cancel"; reason?: unknown };

/** What the executor must do about it. */
export type Command =
  | { kind: "runStep"; exec: Execution }
  /** Arm `timer` on the runtime's clock; its firing comes back as a `timer` tick. */
  | { kind: "schedule"; timer: PendingTimer }
  | { kind: "cancelTimer"; timerId: number }
  /** The attempt's step timeout passed: abort its signal with `error` and fail it. */
  | { kind: "timeoutStep"; exec: Execution; error: WorkflowTimeoutError }
  /** Append `event` to the run's stream; `from` (null: outside any step) when a write put it there, not its routing. */
  | { kind: "publish"; event: Event; from?: Execution | null }
  | { kind: "resolveWaiter"; waiterId: string; event: Event }
  | { kind: "rejectWaiter"; waiterId: string; error: unknown }
  /** The answer to a `collect` tick. */
  | { kind: "collected"; events: Event[] | null }
  /** The run ended. `waiters`: the ids of the waits still pending, to reject with the run's end; `waitingForInput` for its span. */
  | { kind: "finish"; stop: StopEvent; waiters: string[]; waitingForInput: boolean }
  | { kind: "fail"; error: unknown; waiters: string[]; waitingForInput: boolean };

/** What the loop needs from the workflow: which steps take an event, the default retry policy, who recovers failures. */
export interface RunPlan {
  consumersOf(event: Event): readonly StepDefinition[];
  readonly retry: RetryPolicy | undefined;
  /** Steps that accept `StepFailedEvent`: a step failing for good goes to them instead of failing the run. */
  readonly recoverySteps: readonly StepDefinition[];
  /** The run's timeout in seconds; undefined or null: none. */
  readonly timeoutSeconds?: number | null;
}

/**
 * The reducer (the run's control loop): run state plus one tick gives the commands to carry out. It never awaits, never arms a
 * timer (it schedules them as commands), never touches spans or user code, so every decision about ordering,
 * concurrency, retries, waits, timers and ending lives here and is taken the same way whether a run starts fresh,
 * resumes from a snapshot or is rebuilt from its journal. The commands are appended to `out` (and returned), so a
 * caller can reuse one array.
 */
export function reduce(state: RunState, plan: RunPlan, tick: Tick, out: Command[] = []): Command[] {
  switch (tick.kind) {
    case "stepDone":
      stepDone(state, plan, tick.exec, tick.result, out);
      break;
    case "stepStarted":
      stepStarted(state, tick.exec, tick.at, out);
      break;
    case "event":
      if (state.status === "running") addEvent(state, plan, tick.event, tick.target, out);
      break;
    case "stepFailed":
      stepFailed(state, plan, tick, out);
      break;
    case "begin":
      if (state.status === "running" && plan.timeoutSeconds != null) schedule(state, "run", tick.at, plan.timeoutSeconds * 1000, out);
      break;
    case "collect":
      out.push({ kind: "collected", events: collectInto(state.collectBuffers, tick.exec.slot.def.name, tick.event, tick.expected) });
      break;
    case "waitBegun":
      waitBegun(state, tick, out);
      break;
    case "dropWaits":
      for (let i = state.waiters.length - 1; i >= 0; i--) {
        if (state.waiters[i].stepName === tick.stepName) cancelTimer(state, state.waiters.splice(i, 1)[0].timerId, out);
      }
      break;
    case "streamWrite":
      if (state.status === "running") publish(state, tick.event, out, tick.from);
      break;
    case "timer":
      timerFired(state, tick.timerId, out);
      break;
    case "restore":
      for (const [step, events] of tick.collectBuffers) state.collectBuffers.set(step, events);
      for (const event of tick.parked) state.parked.push(event);
      for (const id of tick.waiterIds) state.restoredWaiterIds.add(id);
      break;
    case "fault":
      if (state.status === "running") end(state, "failed", { kind: "fail", error: tick.error }, out);
      break;
    case "timeout":
      runTimedOut(state, tick.seconds, out);
      break;
    case "cancel":
      if (state.status === "running") {
        const why = tick.reason === undefined ? "" : `: ${tick.reason instanceof Error ? tick.reason.message : String(tick.reason)}`;
        end(state, "cancelled", { kind: "fail", error: new WorkflowCancelledError(`Run cancelled${why}`, { cause: tick.reason }) }, out);
      }
      break;
  }
  return out;
}

/** Ends the run: every pending timer goes (the executor clears them all) and the pending waits are handed over to be rejected. */
function end(
  state: RunState,
  status: Exclude<RunStatus, "running">,
  outcome: { kind: "finish"; stop: StopEvent } | { kind: "fail"; error: unknown },
  out: Command[],
): void {
  state.status = status;
  state.timers.clear();
  const waitingForInput = state.askingHuman || state.waiters.length > 0;
  const waiters = state.waiters.length === 0 ? NO_WAITERS : state.waiters.splice(0).map((w) => w.id);
  out.push(
    outcome.kind === "finish"
      ? { kind: "finish", stop: outcome.stop, waiters, waitingForInput }
      : { kind: "fail", error: outcome.error, waiters, waitingForInput },
  );
}

const NO_WAITERS: string[] = [];

function schedule(state: RunState, kind: TimerKind, at: number, delayMs: number, out: Command[], exec?: Execution, waiterId?: string): number {
  const timer: PendingTimer = { id: state.nextTimerId++, kind, dueAt: at + delayMs, delayMs, exec, waiterId };
  state.timers.set(timer.id, timer);
  out.push({ kind: "schedule", timer });
  return timer.id;
}

function cancelTimer(state: RunState, timerId: number, out: Command[]): void {
  if (timerId >= 0 && state.timers.delete(timerId)) out.push({ kind: "cancelTimer", timerId });
}

function runTimedOut(state: RunState, seconds: number, out: Command[]): void {
  if (state.status !== "running") return;
  const active = activeStepNames(state);
  const still = active.length ? `; still running: ${active.join(", ")}` : "; no step was running (waiting for an event?)";
  end(state, "failed", { kind: "fail", error: new WorkflowTimeoutError(`Run timed out after ${seconds}s${still}`, active) }, out);
}

function timerFired(state: RunState, timerId: number, out: Command[]): void {
  const timer = state.timers.get(timerId);
  // cancelled, or the run ended: nothing is due any more
  if (timer === undefined || state.status !== "running") return;
  state.timers.delete(timerId);
  switch (timer.kind) {
    case "run":
      return runTimedOut(state, timer.delayMs / 1000, out);
    case "retry":
      out.push({ kind: "runStep", exec: timer.exec! });
      return;
    case "step": {
      const exec = timer.exec!;
      exec.timerId = -1;
      if (exec.settled) return;
      const def = exec.slot.def;
      const error = new WorkflowTimeoutError(`Step "${def.name}" timed out after ${def.timeoutMs! / 1000}s (attempt ${exec.attempt})`, [def.name]);
      out.push({ kind: "timeoutStep", exec, error });
      return;
    }
    case "wait": {
      const waiter = removeFirst(state.waiters, (w) => w.id === timer.waiterId);
      if (!waiter) return;
      const error = new WorkflowTimeoutError(`waitForEvent(${waiter.eventClass.eventName}) in ${waiter.stepName} timed out after ${timer.delayMs / 1000}s`, [
        waiter.stepName,
      ]);
      // the attempt a rebuild runs again gets this timeout when it asks again, as it got it here
      if (waiter.stepName !== OUTSIDE) state.answers.set(waiter.id, error);
      out.push({ kind: "rejectWaiter", waiterId: waiter.id, error });
      return;
    }
  }
}

function stepStarted(state: RunState, exec: Execution, at: number, out: Command[]): void {
  if (exec.settled) return;
  if (exec.firstStartedAt < 0) exec.firstStartedAt = at;
  const timeoutMs = exec.slot.def.timeoutMs;
  // an attempt a rebuilt run runs again keeps the timeout its journal saw armed: it falls due when the interrupted
  // attempt's would have, as in the run it carries on (a fresh one would let it outlast what it raced against)
  if (timeoutMs === null || state.status !== "running" || exec.timerId >= 0) return;
  exec.timerId = schedule(state, "step", at, timeoutMs, out, exec);
}

function waitBegun(state: RunState, tick: Extract<Tick, { kind: "waitBegun" }>, out: Command[]): void {
  const { waiter } = tick;
  if (state.status !== "running") return;
  const answered = state.answers.get(waiter.id);
  if (answered) {
    out.push(answered instanceof Event ? { kind: "resolveWaiter", waiterId: waiter.id, event: answered } : { kind: "rejectWaiter", waiterId: waiter.id, error: answered });
    return;
  }
  const parked = takeParked(state, waiter);
  if (parked) {
    if (waiter.stepName !== OUTSIDE) state.answers.set(waiter.id, parked);
    out.push({ kind: "resolveWaiter", waiterId: waiter.id, event: parked });
    return;
  }
  // a rebuilt run's step asks a wait its journal saw begin: it keeps that wait, and that wait's timeout, and asks its
  // question only if the journal was cut before it was written
  const begun = state.waiters.find((w) => w.id === waiter.id);
  if (begun) {
    if (tick.waiterEvent && !begun.asked) {
      begun.asked = true;
      publish(state, tick.waiterEvent, out, tick.from);
    }
    return;
  }
  const askedBefore = state.restoredWaiterIds.delete(waiter.id);
  let timerId = -1;
  if (tick.timeoutMs !== undefined) timerId = schedule(state, "wait", tick.at, tick.timeoutMs, out, undefined, waiter.id);
  state.waiters.push({ ...waiter, timerId, asked: tick.waiterEvent !== undefined || askedBefore });
  if (tick.waiterEvent && !askedBefore) publish(state, tick.waiterEvent, out, tick.from);
}

function publish(state: RunState, event: Event, out: Command[], from?: Execution | null): void {
  if (event instanceof InputRequiredEvent) state.askingHuman = true;
  out.push(from === undefined ? { kind: "publish", event } : { kind: "publish", event, from });
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
    end(state, "completed", { kind: "finish", stop: event }, out);
    return;
  }
  if (event instanceof InputRequiredEvent) publish(state, event, out);
  else if (event instanceof HumanResponseEvent) state.askingHuman = false;
  if (target !== undefined) {
    const slot = slotOf(state, target);
    if (slot) enqueue(state, slot, event, out);
    return;
  }
  if (state.waiters.length > 0) {
    const taken = takeWaiters(state, event);
    if (taken) {
      for (let i = 0; i < taken.length; i++) {
        const waiter = taken[i];
        if (waiter.stepName !== OUTSIDE) state.answers.set(waiter.id, event);
        cancelTimer(state, waiter.timerId, out);
        out.push({ kind: "resolveWaiter", waiterId: waiter.id, event });
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
  if (slot.active < slot.def.numWorkers) out.push({ kind: "runStep", exec: startExecution(state, slot, event, takeWorker(slot)) });
  else queueOnSlot(slot, event);
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
    timerId: -1,
    journalId: undefined,
  };
  state.active.add(exec);
  return exec;
}

function release(state: RunState, exec: Execution): void {
  state.active.delete(exec);
  exec.slot.active--;
  releaseWorker(exec.slot, exec.worker);
}

/** After a worker frees up, the next queued event of that step gets it. */
function pullNext(state: RunState, slot: StepSlot, out: Command[]): void {
  if (state.status !== "running") return;
  const queue = slot.queue;
  if (queue === null) return;
  while (queue.length > 0 && slot.active < slot.def.numWorkers) {
    out.push({ kind: "runStep", exec: startExecution(state, slot, queue.shift()!, takeWorker(slot)) });
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return `an object of class ${(value as object).constructor?.name ?? "Object"}`;
  return `a ${typeof value}`;
}

function stepDone(state: RunState, plan: RunPlan, exec: Execution, result: unknown, out: Command[]): void {
  if (exec.settled) return;
  settle(state, exec, out);
  release(state, exec);
  forgetAnswers(state, exec);
  if (state.status !== "running") return;
  const def = exec.slot.def;
  if (result !== undefined && result !== null) {
    // an array fans out: each event goes on in order, after all were checked; one event (the common case) is taken
    // as it is, with no array made for it
    const many = Array.isArray(result);
    const count = many ? result.length : 1;
    for (let i = 0; i < count; i++) {
      const problem = returnProblem(def, many ? result[i] : result, many ? ` (item ${i} of the array it returned)` : "");
      if (problem) {
        end(state, "failed", { kind: "fail", error: problem }, out);
        return;
      }
    }
    for (let i = 0; i < count && state.status === "running"; i++) addEvent(state, plan, (many ? result[i] : result) as Event, undefined, out);
  }
  pullNext(state, exec.slot, out);
}

/**
 * An attempt's outcome was taken: its step timeout goes, and so do the waits it left pending (a step that failed in
 * the middle of a `waitForEvent`, or returned without awaiting one): they are rejected, and a retry asks them again.
 */
function settle(state: RunState, exec: Execution, out: Command[]): void {
  exec.settled = true;
  if (exec.timerId >= 0) {
    cancelTimer(state, exec.timerId, out);
    exec.timerId = -1;
  }
  if (exec.waits === 0 || state.waiters.length === 0) return;
  const name = exec.slot.def.name;
  for (let n = 1; n <= exec.waits; n++) {
    const waiter = removeFirst(state.waiters, (w) => w.id === waiterId(name, exec.event, n));
    if (!waiter) continue;
    cancelTimer(state, waiter.timerId, out);
    const error = new WorkflowRuntimeError(`waitForEvent(${waiter.eventClass.eventName}) in ${name}: attempt ${exec.attempt} ended before an answer came`);
    out.push({ kind: "rejectWaiter", waiterId: waiter.id, error });
  }
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
  settle(state, exec, out);
  if (state.status !== "running") {
    release(state, exec);
    return;
  }
  if (retry) {
    forgetAnswers(state, exec, true);
    state.active.delete(exec);
    const next = startExecution(state, exec.slot, exec.event, exec.worker, { exec, error });
    if (retry.delayMs > 0) schedule(state, "retry", tick.at, retry.delayMs, out, next);
    else out.push({ kind: "runStep", exec: next });
    return;
  }
  release(state, exec);
  forgetAnswers(state, exec);
  if (tick.recover && recover(state, plan, tick.recover, out)) {
    pullNext(state, exec.slot, out);
    return;
  }
  end(state, "failed", { kind: "fail", error }, out);
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
