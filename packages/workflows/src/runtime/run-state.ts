import { Event, type AnyEventClass } from "../events/event.js";
import type { WorkflowTimeoutError } from "../errors/errors.js";
import type { StepDefinition } from "../workflow/step-definition.js";
import { Deque } from "./deque.js";
import { ExecutionList } from "./execution-list.js";

/** One step's queue and workers within a run. */
export interface StepSlot {
  readonly def: StepDefinition;
  /** Accepted events waiting for a free worker; null until one had to wait (most steps never queue). */
  queue: Deque<Event> | null;
  /** Executions running now (attempts waiting for a retry included). */
  active: number;
  /**
   * Worker numbers released and not taken again (last released first), so spans and logs can say which worker ran
   * an attempt; null until a worker was released. Numbers never used yet are `nextWorker` and up.
   */
  freed: number[] | null;
  nextWorker: number;
}

/** One attempt of a step on one event. A retry is a new Execution on the same worker. */
export interface Execution {
  readonly id: number;
  readonly slot: StepSlot;
  readonly event: Event;
  readonly attempt: number;
  readonly worker: number;
  /** When the first attempt of this execution started (ms since the epoch, from the run's clock); -1 until it has. */
  firstStartedAt: number;
  /** What the previous attempt threw; undefined on the first. */
  readonly lastError: unknown;
  /** Set once its outcome was taken (or it timed out): a late result is then ignored. */
  settled: boolean;
  /** How many times this execution called `waitForEvent`, so a resumed step finds its earlier waiters again. */
  waits: number;
  /** Membership and links of the run's `ExecutionList` of executions in progress. */
  listed: boolean;
  prevListed: Execution | undefined;
  nextListed: Execution | undefined;
  /** The id of this attempt's step-timeout timer while it is armed, else -1. */
  timerId: number;
  /**
   * Its id in the run's journal (a UUIDv7), made when a record first names it; undefined in a run that keeps none.
   * Kept here, not in a WeakMap of the recorder's: an entry per execution is an ephemeron the collector has to trace.
   */
  journalId: string | undefined;
}

/** What a timer is for: it decides what its firing does. */
export type TimerKind = "run" | "step" | "retry" | "wait";

/**
 * A timer the reducer scheduled and that has not fired or been cancelled. `dueAt` is absolute (the clock's ms), read
 * from the clock when the tick that scheduled it happened, so a rebuilt run re-arms it for the same moment.
 */
export interface PendingTimer {
  readonly id: number;
  readonly kind: TimerKind;
  readonly dueAt: number;
  /** What it was set for: `dueAt` minus the time of the tick that scheduled it. */
  readonly delayMs: number;
  /** The step attempt it times out (`step`) or starts after its delay (`retry`). */
  readonly exec?: Execution;
  /** The waiter it times out (`wait`). */
  readonly waiterId?: string;
}

/** The step name of a waiter outside any step (`ctx.waitForEvent` on the run's context). */
export const OUTSIDE = "(outside)";

/**
 * A `ctx.waitForEvent` in progress. Plain data: the promise it answers is the executor's, found by `id`, so the
 * reducer decides who gets an event without holding anything alive.
 */
export interface Waiter {
  readonly id: string;
  readonly eventClass: AnyEventClass;
  readonly requirements: Readonly<Record<string, unknown>> | undefined;
  readonly stepName: string;
  /** Its timeout's timer, or -1 when it waits for as long as the run goes on. */
  readonly timerId: number;
  /**
   * Its question (`waiterEvent`) is in the stream. False for a wait a rebuilt run's journal saw begin but was cut
   * before its question was written: the re-run step that asks again writes it then.
   */
  asked: boolean;
}

export type RunStatus = "running" | "completed" | "failed" | "cancelled";

/** Everything a run knows; the reducer changes it, `snapshotOf` and the records read it. */
export interface RunState {
  status: RunStatus;
  /** The workflow's steps by name, in definition order. */
  readonly steps: ReadonlyMap<string, StepDefinition>;
  /**
   * Each step's queue and workers, made when the step first gets an event (`slotOf`): a run of a big workflow pays
   * only for the steps it reaches. Iterate `steps`, not this, for definition order.
   */
  readonly slots: Map<string, StepSlot>;
  readonly active: ExecutionList;
  /** `collectEvents` buffers, by step name. */
  readonly collectBuffers: Map<string, Event[]>;
  readonly waiters: Waiter[];
  /** Waiter ids from a snapshot whose steps will ask again when they re-run (their wait event was emitted already). */
  readonly restoredWaiterIds: Set<string>;
  /**
   * What each `waitForEvent` of a step execution in progress was answered with, by waiter id: a retried attempt asks
   * the same waits again and gets these answers instead of asking again. Forgotten when the execution ends. A wait that
   * timed out has its timeout here, for the attempt a rebuild runs again; a retry asks it again, as it would have.
   */
  readonly answers: Map<string, Event | WorkflowTimeoutError>;
  /** Events nobody accepts yet, kept for a `waitForEvent` that has not been called yet. */
  readonly parked: Event[];
  /** How often each recovering step (one accepting `StepFailedEvent`) was handed a failure in this run. */
  readonly recoveries: Map<string, number>;
  /** An input-required event went out and no human response came in yet. */
  askingHuman: boolean;
  /** Timers scheduled and still pending, by id. */
  readonly timers: Map<number, PendingTimer>;
  nextExecutionId: number;
  nextTimerId: number;
}

/** The slot of step `name` (made on first use), or undefined when the workflow has no such step. */
export function slotOf(state: RunState, name: string): StepSlot | undefined {
  let slot = state.slots.get(name);
  if (slot === undefined) {
    const def = state.steps.get(name);
    if (def === undefined) return undefined;
    // nothing allocated up front: a run of a chain makes one slot per step and uses one worker of each
    slot = { def, queue: null, active: 0, freed: null, nextWorker: 0 };
    state.slots.set(name, slot);
  }
  return slot;
}

/** A free worker's number for a new execution: the last one released, else the lowest never used. */
export function takeWorker(slot: StepSlot): number {
  const freed = slot.freed;
  return freed !== null && freed.length > 0 ? freed.pop()! : slot.nextWorker++;
}

export function releaseWorker(slot: StepSlot, worker: number): void {
  // the last number handed out, with none released before it, goes back among the unused ones: the same order as
  // pushing it, without making the list (a chain's every step releases its one worker this way)
  if (worker === slot.nextWorker - 1 && (slot.freed === null || slot.freed.length === 0)) slot.nextWorker = worker;
  else (slot.freed ??= []).push(worker);
}

/** Queues `event` until a worker of the slot frees up. */
export function queueOnSlot(slot: StepSlot, event: Event): void {
  (slot.queue ??= new Deque<Event>()).push(event);
}

export function createRunState(steps: ReadonlyMap<string, StepDefinition> | Iterable<StepDefinition>): RunState {
  return {
    status: "running",
    steps: steps instanceof Map ? steps : new Map([...(steps as Iterable<StepDefinition>)].map((def) => [def.name, def])),
    slots: new Map(),
    active: new ExecutionList(),
    collectBuffers: new Map(),
    waiters: [],
    restoredWaiterIds: new Set(),
    answers: new Map(),
    parked: [],
    recoveries: new Map(),
    askingHuman: false,
    timers: new Map(),
    nextExecutionId: 1,
    nextTimerId: 1,
  };
}

/** The id of the `n`-th wait (1-based) of any attempt of the execution of step `stepName` on `event`. */
export function waiterId(stepName: string, event: Event, n: number): string {
  return `${stepName}:${event.eventId}:${n}`;
}

/**
 * Drops what the waits of an execution were answered with: all of it when the execution ended (completed, or failed
 * for good), only its timeouts when it is retried (its next attempt asks those waits again).
 */
export function forgetAnswers(state: RunState, exec: Execution, timeoutsOnly = false): void {
  if (state.answers.size === 0) return;
  const prefix = waiterId(exec.slot.def.name, exec.event, 0).slice(0, -1);
  for (const [id, answer] of state.answers) {
    if (id.startsWith(prefix) && !(timeoutsOnly && answer instanceof Event)) state.answers.delete(id);
  }
}

/**
 * Names of the steps with an execution in progress, for timeout messages; sorted, because which of two steps in flight
 * started first is a race a rebuilt run may run differently.
 */
export function activeStepNames(state: RunState): string[] {
  const names = new Set<string>();
  for (const exec of state.active) names.add(exec.slot.def.name);
  return [...names].sort();
}
