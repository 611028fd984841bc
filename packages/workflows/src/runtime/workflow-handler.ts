import type { Context } from "../context/context.js";
import type { Event } from "../events/event.js";
import { checkAfter, type StreamEntry } from "./event-stream.js";
import type { WorkflowRun } from "./workflow-run.js";


/**
 * What `run()` returns: await it for the result, read `streamEvents()` while it runs, `cancel()` it.
 */
export class WorkflowHandler<Result = unknown, S = Record<string, unknown>> implements PromiseLike<Result> {
  private readonly result: Promise<Result>;

  /** @internal */
  constructor(
    private readonly run: WorkflowRun,
    resultOf: (stop: Event) => Result,
  ) {
    this.result = run.done.then(resultOf);
    this.result.catch(() => undefined);
  }

  /** A unique id of this run (kept when it resumes from a snapshot). */
  get runId(): string {
    return this.run.runId;
  }

  /** The run's context: `ctx.sendEvent(…)` to answer, `ctx.toDict()` to save. */
  get ctx(): Context<S> {
    return this.run.context as unknown as Context<S>;
  }

  /** True once the run has completed, failed or been cancelled. */
  get done(): boolean {
    return this.run.state.status !== "running";
  }

  /**
   * The events written to the stream (and every `InputRequiredEvent`), ending with the stop event. A failed run throws
   * its error here too, after the events. Without `after`, a `break` pauses reading, not the run, and calling it
   * again continues where it stopped. With `after`, a reader of its own starts after that sequence number.
   */
  streamEvents(options?: { after?: number }): AsyncIterableIterator<Event> {
    this.run.observed = true;
    if (options?.after === undefined) return this.run.stream.reader();
    return this.run.stream.events(checkAfter(options.after, "streamEvents"));
  }

  /**
   * The stream as `{ seq, event }` entries (seq 1, 2, … per run) after `after` (default 0: from the first). Any number
   * of readers, each with its own place, also after the run ended; the stop event is the last entry.
   */
  streamEntries(options?: { after?: number }): AsyncIterableIterator<StreamEntry> {
    this.run.observed = true;
    return this.run.stream.entries(checkAfter(options?.after, "streamEntries"));
  }

  /** Stops the run: the handler rejects with `WorkflowCancelledError`, and steps see `ctx.signal` abort. */
  cancel(reason?: unknown): void {
    this.run.cancel(reason);
  }

  then<T1 = Result, T2 = never>(
    onfulfilled?: ((value: Result) => T1 | PromiseLike<T1>) | null,
    onrejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2> {
    this.run.observed = true;
    return this.result.then(onfulfilled, onrejected);
  }

  catch<T = never>(onrejected?: ((reason: unknown) => T | PromiseLike<T>) | null): Promise<Result | T> {
    this.run.observed = true;
    return this.result.catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<Result> {
    this.run.observed = true;
    return this.result.finally(onfinally);
  }
}
