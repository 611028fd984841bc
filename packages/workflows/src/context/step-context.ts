import type { AnyEventClass, Event } from "../events/event.js";
import type { Execution } from "../runtime/run-state.js";
import type { WorkflowRun } from "../runtime/workflow-run.js";
import type { ContextStore } from "./context-store.js";
import type { SendEventOptions } from "./context.js";

export interface WaitForEventOptions<E extends Event> {
  /** Field values the event must have. */
  requirements?: Partial<E>;
  /** Seconds to wait before failing with `WorkflowTimeoutError`. */
  timeout?: number;
  /**
   * Written to the stream when the wait starts (e.g. the `InputRequiredEvent` asking the question) — but not again when
   * the step re-runs after a restore, because it was already asked.
   */
  waiterEvent?: Event;
}

/** A step call's place among its retries. */
export interface RetryInfo {
  /** 1 for the first call, 2 for the first retry, … */
  attempt: number;
  /**
   * Seconds since the first attempt of this step execution began. Measured for a step that can be retried or time out
   * (or be recovered); for any other step the engine does not read the clock when it starts, and this may be 0.
   */
  elapsed: number;
  /** What the previous attempt threw; undefined on the first. */
  lastError: unknown;
}

/** The instances of a list of event classes, in order. */
export type InstancesOf<C extends readonly AnyEventClass[]> = { [K in keyof C]: C[K] extends AnyEventClass<infer E> ? E : never };

/** The `ctx` a step handler receives: the run's context, seen from one execution of one step. */
export class StepContext<S = Record<string, unknown>> {
  /** @internal */
  constructor(
    private readonly run: WorkflowRun,
    private readonly exec: Execution,
  ) {}

  get store(): ContextStore<S> {
    return this.run.context.store as ContextStore<S>;
  }

  get runId(): string {
    return this.run.runId;
  }

  get stepName(): string {
    return this.exec.slot.def.name;
  }

  /** 1 for the first call, 2 for the first retry, … */
  get attempt(): number {
    return this.exec.attempt;
  }

  /** Where this call stands among its retries: the attempt, seconds since the first attempt began, the last error. */
  get retryInfo(): RetryInfo {
    const exec = this.exec;
    const elapsed = exec.firstStartedAt < 0 ? 0 : (this.run.clock.now() - exec.firstStartedAt) / 1000;
    return { attempt: exec.attempt, elapsed, lastError: exec.lastError };
  }

  /** Which of the step's `numWorkers` workers runs this call (0-based). */
  get worker(): number {
    return this.exec.worker;
  }

  /** Aborts when the run is cancelled, times out, fails or ends, or when this step's own timeout passes. */
  get signal(): AbortSignal {
    return this.run.signalFor(this.exec);
  }

  /** Sends an event to every step that accepts it (or to `step` only). It must be in this step's `returns`. */
  sendEvent(event: Event, options?: SendEventOptions): void {
    this.run.sendEvent(event, options, this.exec);
  }

  writeEventToStream(event: Event): void {
    this.run.writeToStream(event, this.exec);
  }

  /**
   * Buffers `event` for this step and, once one event of each listed class has arrived (a class listed twice needs
   * two), returns them in the listed order and empties those slots; `null` until then.
   */
  collectEvents<const C extends readonly AnyEventClass[]>(event: Event, expected: C): InstancesOf<C> | null {
    return this.run.collectEvents(this.exec, event, expected) as InstancesOf<C> | null;
  }

  /**
   * Runs `fn` once per step execution: when the run keeps a journal, its result (plain JSON) is recorded, and if the
   * step was in flight when its process died and runs again, this call returns the recorded result instead of
   * calling `fn` (matched by its place among the step's `durable` calls and by `name`: a different name at the same
   * place is an error naming both). A `fn` that throws records nothing and runs again. Wrap side effects in it that
   * must not happen twice, such as sending an email. With no journal it only calls `fn`.
   */
  durable<T>(name: string, fn: () => T | PromiseLike<T>): Promise<T> {
    return this.run.durable(this.exec, name, fn);
  }

  /** Resolves with the first event of `eventClass` (matching `requirements`) that enters the run. */
  waitForEvent<E extends Event>(eventClass: AnyEventClass<E>, options: WaitForEventOptions<E> = {}): Promise<E> {
    return this.run.waitForEvent(this.exec, eventClass, options);
  }
}
