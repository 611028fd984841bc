import type { RunTraceInfo } from "../tracing/run-tracer.js";
import type { RunIdentity } from "./runtime.js";

/**
 * What the runtime and the tracer are told of a run that begins. The id is read through the run when first used: a
 * fresh run makes its id only when something reads it.
 *
 * A class, not an object literal with `get runId()`: such a literal's getter is a new closure per run, and V8 keeps
 * accessors in the object's hidden class, so every run made a hidden class of its own, in the old generation. Young
 * collections treat what old objects point to as alive, so each ended run stayed alive until the next full collection:
 * half of a chain run's bytes were promoted, and collecting took 40% of W1's time.
 */
export class RunInfo implements RunIdentity, RunTraceInfo {
  readonly #run: { readonly runId: string };

  constructor(
    run: { readonly runId: string },
    readonly workflowName: string,
    readonly sessionId?: string,
    readonly metadata?: Record<string, unknown>,
    readonly resumedFrom?: string,
  ) {
    this.#run = run;
  }

  get runId(): string {
    return this.#run.runId;
  }
}
