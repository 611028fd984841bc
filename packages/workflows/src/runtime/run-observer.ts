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

/** Whether `value`, (part of) what a step returned, goes on: an event it declares (anything else fails the run instead). */
export function isDeclaredReturn(exec: Execution, value: unknown): value is Event {
  return value instanceof Event && returnsEvent(exec.slot.def, value);
}
