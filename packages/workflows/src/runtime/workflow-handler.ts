import type { Context } from "../context/context.js";
import type { Event } from "../events/event.js";
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
   * The events written to the stream (and every `InputRequiredEvent`), ending with the stop event. A `break` pauses
   * reading, not the run; calling it again continues where it stopped. A failed run throws its error here too.
   */
  streamEvents(): AsyncIterableIterator<Event> {
    this.run.observed = true;
    return this.run.stream.reader();
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
