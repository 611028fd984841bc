import { Event } from "../events/event.js";
import { returnsEvent } from "../workflow/step-definition.js";
import type { Command, Tick } from "./reducer.js";
import type { Execution, RunState } from "./run-state.js";

/** How a run ended, as the reducer said it (`finish` or `fail`). */
export type RunEnding = Extract<Command, { kind: "finish" | "fail" }>;

/**
 * What watches a run without changing it: its tracing and its log. Fed with what the journal's records are made of
 * (each tick before the reducer takes it, each stream entry a write put there, the end), so neither is woven through
 * the executor. A run with no tracer provider and no log has no observer and pays nothing for one.
 */
export interface RunObserver {
  /** `state` is the run's before the tick (a step that ends after the run did is aborted, not failed). */
  ticked(tick: Tick, state: RunState): void;
  /** A write put `event` on the stream (`from`: the step execution, null from outside any step). */
  published(event: Event, from: Execution | null): void;
  ended(ending: RunEnding, state: RunState): void;
}

/** The run's observer: one, the two of them, or none. */
export function observerOf(a: RunObserver | null, b: RunObserver | null): RunObserver | null {
  if (a === null || b === null) return a ?? b;
  return {
    ticked(tick, state) {
      a.ticked(tick, state);
      b.ticked(tick, state);
    },
    published(event, from) {
      a.published(event, from);
      b.published(event, from);
    },
    ended(ending, state) {
      a.ended(ending, state);
      b.ended(ending, state);
    },
  };
}

/** What an observer does with the ticks of a run, one method per thing that happened. */
export interface TickWatcher {
  stepStarted(exec: Execution): void;
  /** A step returned `event` and it goes on; told before `stepDone` of that step. */
  returned(exec: Execution, event: Event): void;
  /** A step attempt returned `result`. One method per ending, not an outcome object: no allocation per step. */
  stepDone(exec: Execution, result: unknown): void;
  /** A step attempt threw `error`; `aborted`: after the run had ended (cut off by the run's end, not failed). */
  stepFailed(exec: Execution, error: unknown, willRetry: boolean, aborted: boolean): void;
  /** `sendEvent` sent `event` (`from` null: from outside any step). */
  sent(from: Execution | null, event: Event): void;
  /** The run's start event. */
  input(event: Event): void;
}

/** Tells `watcher` what `tick` means, with `state` as it was before the reducer took it. */
export function watchTick(tick: Tick, state: RunState, watcher: TickWatcher): void {
  switch (tick.kind) {
    case "stepStarted":
      return watcher.stepStarted(tick.exec);
    case "stepDone": {
      const { exec, result } = tick;
      // told before the step ends, so a consumer's link points at this step's span
      if (state.status === "running") {
        if (Array.isArray(result)) {
          for (const ev of result) if (isDeclaredReturn(exec, ev)) watcher.returned(exec, ev);
        } else if (isDeclaredReturn(exec, result)) watcher.returned(exec, result);
      }
      return watcher.stepDone(exec, result);
    }
    case "stepFailed":
      return watcher.stepFailed(tick.exec, tick.error, tick.retry !== null, state.status !== "running");
    case "event":
      if (tick.sent) watcher.sent(tick.from ?? null, tick.event);
      else if (tick.input) watcher.input(tick.event);
      return;
  }
}

/** Whether `value`, (part of) what a step returned, goes on: an event it declares (anything else fails the run instead). */
function isDeclaredReturn(exec: Execution, value: unknown): value is Event {
  return value instanceof Event && returnsEvent(exec.slot.def, value);
}
