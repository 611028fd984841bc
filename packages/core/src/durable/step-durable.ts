/**
 * How a resource keeps what it already did in a step execution that runs again after a crash. The engine hands
 * one `StepDurable` per step execution (through `StepScope`) when the run keeps a journal; a resource claims a
 * position with `begin`, and either gets the value recorded there or does the work and `complete`s it, which
 * journals the value. `ctx.durable(name, fn)` is built on the same calls.
 */
export interface StepDurable {
  /** Claims the next position among this step execution's durable calls (positions count from 0, in call order). */
  begin<T>(name: string, options?: DurableCallOptions): DurableCall<T>;
}

export interface DurableCallOptions {
  /** What else must match the record besides `name` (an LLM call passes a hash of its request). */
  key?: string;
  /**
   * When the record at this position has another `name` or `key`: `"fail"` (default) throws an error naming both,
   * `"run"` does the work again and records it anew (an LLM call whose prompt changed is sent again).
   */
  onMismatch?: "fail" | "run";
}

/** One claimed position. */
export interface DurableCall<T> {
  /** The value recorded at this position by an earlier run of the same step execution; undefined when there is none. */
  readonly recorded: { readonly value: T } | undefined;
  /**
   * Journals `value` as this position's result (once; later calls are ignored). It must be plain JSON (or
   * undefined): anything else throws a `TypeError` naming where it is not. Nothing to do after `recorded` was set.
   */
  complete(value: T): void;
}
