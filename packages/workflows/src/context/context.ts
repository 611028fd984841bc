import type { z } from "zod";
import type { AnyEventClass, Event } from "../events/event.js";
import { ContextSerializationError, WorkflowRuntimeError } from "../errors/errors.js";
import type { WorkflowRun } from "../runtime/workflow-run.js";
import { CONTEXT_DICT_VERSION, parseContextDict, type ContextDict, type RunSnapshot } from "./context-dict.js";
import { resolveContextLimits, type ContextLimits } from "./context-limits.js";
import { ContextStore } from "./context-store.js";
import { measurePart, measureRun } from "./snapshot-limits.js";
import { signSnapshot, verifySnapshot, type SnapshotOptions } from "./snapshot-signature.js";

/** What a context needs to know of its workflow (a `Workflow` is one); `S` is its state type. */
export interface ContextOwner<S = Record<string, unknown>> {
  readonly name: string;
  /** @internal */
  readonly stateSchema: (z.ZodObject & z.ZodType<S>) | undefined;
  /** How big the store and state may grow (defaults: `DEFAULT_CONTEXT_LIMITS`). */
  readonly contextLimits?: Readonly<ContextLimits>;
}

export interface SendEventOptions {
  /** Deliver to this step only (it must accept the event). */
  step?: string;
}

/**
 * A workflow's memory across runs: the store and typed state, and — while a run is going — the way in (`sendEvent`)
 * and out (`writeEventToStream`). Pass it as `run(input, { ctx })` to keep state across runs; `toDict()` and
 * `Context.fromDict()` carry it, and a run in progress, across processes.
 */
export class Context<S = Record<string, unknown>> {
  readonly store: ContextStore<S>;
  /** @internal The run using this context now. */
  activeRun: WorkflowRun | null = null;
  /** @internal A run restored by `fromDict`, resumed by the next `run(undefined, { ctx })`. */
  pendingResume: RunSnapshot | null = null;
  /**
   * @internal The last run on this context, when it was cancelled: `toDict()` still holds it, so a context rebuilt
   * with `fromDict` resumes it. A new run on this context forgets it.
   */
  cancelledRun: RunSnapshot | null = null;

  constructor(readonly workflow: ContextOwner<S>) {
    this.store = new ContextStore<S>(workflow.stateSchema, resolveContextLimits(workflow.contextLimits));
  }

  /** The id of the run using this context now (or the restored run to resume). */
  get runId(): string | undefined {
    return this.activeRun?.runId ?? this.pendingResume?.runId;
  }

  get isRunning(): boolean {
    return this.activeRun !== null;
  }

  /** Aborts when the current run is cancelled, times out, fails or finishes. */
  get signal(): AbortSignal {
    return this.requireRun("signal").signal;
  }

  /** Sends an event into the running run (e.g. a `HumanResponseEvent`). */
  sendEvent(event: Event, options?: SendEventOptions): void {
    this.requireRun("sendEvent").sendEvent(event, options, null);
  }

  /** Writes an event to the run's stream. */
  writeEventToStream(event: Event): void {
    this.requireRun("writeEventToStream").writeToStream(event, null);
  }

  /** Waits, outside any step, for an event to flow through the run. */
  waitForEvent<E extends Event>(eventClass: AnyEventClass<E>, options?: { requirements?: Partial<E>; timeout?: number }): Promise<E> {
    return this.requireRun("waitForEvent").waitForEvent(null, eventClass, options ?? {});
  }

  private requireRun(what: string): WorkflowRun {
    if (!this.activeRun) throw new WorkflowRuntimeError(`ctx.${what}: no run is using this context right now`);
    return this.activeRun;
  }

  /** Plain JSON of everything needed to continue: state, store, and the run in progress (if any). */
  toDict(options?: SnapshotOptions): ContextDict {
    const { store, state } = this.store.snapshot();
    const run = this.activeRun?.snapshot() ?? this.pendingResume ?? this.cancelledRun;
    if (run) measureRun(run, resolveContextLimits(this.workflow.contextLimits));
    const dict: ContextDict = { version: CONTEXT_DICT_VERSION, workflow: this.workflow.name, state, store, run };
    if (options?.key !== undefined) dict.signature = signSnapshot(dict, options.key);
    return dict;
  }

  /** Rebuilds a context from `toDict()`; a new `run(undefined, { ctx })` resumes the run it holds. */
  static fromDict<S = Record<string, unknown>>(
    workflow: ContextOwner<S> & { checkSnapshot?(run: RunSnapshot): void },
    dict: unknown,
    options?: SnapshotOptions,
  ): Context<S> {
    const parsed = parseContextDict(dict, workflow.name);
    const limits = resolveContextLimits(workflow.contextLimits);
    try {
      measurePart(parsed.store, "store", limits);
      measurePart(parsed.state, "state", limits);
      if (parsed.run) measureRun(parsed.run, limits);
    } catch (error) {
      throw new ContextSerializationError(`Context snapshot is over its limits: ${(error as Error).message}`, { cause: error });
    }
    // before anything trusts what the snapshot says; what was measured above is only read
    if (options?.key !== undefined) verifySnapshot(parsed, options.key);
    const ctx = new Context<S>(workflow);
    (ctx as { store: ContextStore<S> }).store = new ContextStore<S>(workflow.stateSchema, limits, parsed.store, parsed.state ?? undefined);
    if (parsed.run) {
      workflow.checkSnapshot?.(parsed.run);
      ctx.pendingResume = parsed.run;
    }
    return ctx;
  }
}
