import type { z } from "zod";
import { resolveRedaction, type Redaction } from "@weft/core";
import { Context } from "../context/context.js";
import type { RunSnapshot } from "../context/context-dict.js";
import { resolveContextLimits, type ContextLimits } from "../context/context-limits.js";
import { snapshotMisfits } from "../context/snapshot-fit.js";
import { ContextSerializationError, WorkflowRuntimeError, WorkflowValidationError } from "../errors/errors.js";
import { Event, type AnyEventClass } from "../events/event.js";
import { EventRegistry } from "../events/event-registry.js";
import { HumanResponseEvent, InputRequiredEvent, resultOf, StartEvent, StopEvent } from "../events/builtin-events.js";
import { StepFailedEvent } from "../events/step-failed-event.js";
import type { Logger } from "../logging/logger.js";
import type { ResourceMap } from "../resources/resource.js";
import { ResourceCache } from "../resources/resource-cache.js";
import { collectResources, type ResourceOverrides } from "../resources/resource-resolver.js";
import type { RunPlan } from "../runtime/reducer.js";
import { stepsTimedFromStart } from "../runtime/timed-starts.js";
import { checkRetryPolicy, type RetryPolicy } from "../runtime/retry-policy.js";
import { WorkflowHandler } from "../runtime/workflow-handler.js";
import type { JournalSource, RunHost } from "../runtime/run-host.js";
import { WorkflowRun } from "../runtime/workflow-run.js";
import type { JournalRecord } from "../runtime/records.js";
import type { TracingOptions } from "../tracing/tracing-options.js";
import { eventGraph, isA } from "./event-graph.js";
import { toMermaid } from "./mermaid.js";
import { acceptsEvent, type StepConfig, type StepDefinition } from "./step-definition.js";
import { findProblems } from "./validate.js";
import type { ResourcesByName, ResourceOverridesOf, ResultOf, RunInput, RunOptions, RunResult, StartInputOf, StepHandler } from "./workflow-types.js";

export interface WorkflowOptions<S = Record<string, unknown>> {
  name?: string;
  /** Seconds a run may take; default 45; `null` for none. */
  timeout?: number | null;
  /** Prints step starts, ends and emitted events. */
  verbose?: boolean;
  /** A zod object schema whose defaults make the initial state. */
  state?: z.ZodObject & z.ZodType<S>;
  /** The retry policy of every step that has none of its own. */
  retry?: RetryPolicy;
  /** A pino logger (or anything with `info`/`error`) for structured step records. */
  logger?: Logger;
  /** What spans may carry of inputs and outputs. */
  tracing?: TracingOptions;
  /** How deep and how big the store, the state and a snapshot's events may grow. */
  contextLimits?: ContextLimits;
  /**
   * Runs of this workflow that may go on at once; later runs wait for a free place (their timeout starts when they
   * get it; cancelling one that waits ends it at once). Default: no limit.
   */
  numConcurrentRuns?: number;
}

/** What a built workflow shares across its runs: checked once, reused until a step is added. */
interface Compiled {
  readonly steps: ReadonlyMap<string, StepDefinition>;
  readonly plan: RunPlan;
  readonly registry: EventRegistry;
  readonly startClass: AnyEventClass;
  readonly resourceNames: ReadonlySet<string>;
  /** What every run of this workflow reads of it: one object for all of them, not one per run. */
  readonly host: RunHost;
}

/**
 * An event-driven workflow: steps accept events and return events; a run starts with a start event and ends with
 * a stop event. Build it with chained `.step()` calls, then `run()` it as often as you like, also concurrently.
 */
export class Workflow<S = Record<string, unknown>, StartInput = never, Result = never, Res = {}> {
  readonly name: string;
  /** @internal */
  readonly stateSchema: (z.ZodObject & z.ZodType<S>) | undefined;
  /** The limits every context of this workflow holds to, defaults filled in. */
  readonly contextLimits: Readonly<Required<ContextLimits>>;
  private readonly options: WorkflowOptions<S>;
  private stepList: StepDefinition[] = [];
  private duplicates: string[] = [];
  private compiled: Compiled | undefined;
  private resourceCache = new ResourceCache();
  private resourceOverrides: ResourceOverrides = new Map();
  /** Runs going on, and starts waiting for a place, when `numConcurrentRuns` is set. */
  private concurrency = { running: 0, waiting: [] as Array<() => void> };
  /** Tracing options merged with the OPENINFERENCE_* environment, read when this workflow first traces a run. */
  private redaction: Redaction | undefined;

  constructor(options: WorkflowOptions<S> = {}) {
    this.name = options.name ?? "Workflow";
    const timeout = options.timeout === undefined ? 45 : options.timeout;
    if (timeout !== null && !(typeof timeout === "number" && timeout > 0)) {
      throw new TypeError(`Workflow "${this.name}": timeout must be a number of seconds > 0, or null (got ${String(timeout)})`);
    }
    if (options.retry) checkRetryPolicy(options.retry, `Workflow "${this.name}"`);
    const limit = options.numConcurrentRuns;
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
      throw new TypeError(`Workflow "${this.name}": numConcurrentRuns must be an integer >= 1 (got ${String(limit)})`);
    }
    this.options = { ...options, timeout };
    this.stateSchema = options.state;
    this.contextLimits = resolveContextLimits(options.contextLimits, `Workflow "${this.name}": `);
  }

  /** Adds a step; chainable. The handler gets each accepted event, the step's context and its resources. */
  step<const A extends readonly AnyEventClass[], const R extends readonly AnyEventClass[], M extends ResourceMap = {}>(
    name: string,
    config: StepConfig<A, R, M>,
    handler: StepHandler<A, R, M, S>,
  ): Workflow<S, StartInput | StartInputOf<A>, Result | ResultOf<R>, Res & ResourcesByName<M>> {
    const where = `Step "${name}" of workflow "${this.name}"`;
    if (!name || typeof name !== "string") throw new TypeError(`Workflow "${this.name}": a step needs a name`);
    if (typeof handler !== "function") throw new TypeError(`${where}: the handler must be a function`);
    for (const key of ["accepts", "returns"] as const) {
      const list = config?.[key];
      if (!Array.isArray(list)) throw new TypeError(`${where}: "${key}" must be an array of event classes`);
      list.forEach((cls, i) => {
        if (typeof cls !== "function" || !(cls === Event || cls.prototype instanceof Event)) {
          throw new TypeError(`${where}: ${key}[${i}] is not an event class (use defineEvent)`);
        }
      });
    }
    if (config.accepts.length === 0) throw new TypeError(`${where}: "accepts" needs at least one event class`);
    const numWorkers = config.numWorkers ?? 4;
    if (!Number.isInteger(numWorkers) || numWorkers < 1) throw new TypeError(`${where}: numWorkers must be an integer >= 1`);
    if (config.retry) checkRetryPolicy(config.retry, where);
    if (config.timeout != null && !(config.timeout > 0)) throw new TypeError(`${where}: timeout must be a number of seconds > 0`);
    const maxRecoveries = config.maxRecoveries ?? 1;
    if (!Number.isInteger(maxRecoveries) || maxRecoveries < 0) throw new TypeError(`${where}: maxRecoveries must be an integer >= 0`);
    if (this.stepList.some((s) => s.name === name)) this.duplicates.push(name);
    const resources = config.resources ?? {};
    this.stepList.push({
      name,
      accepts: [...config.accepts],
      returns: [...config.returns],
      resources,
      resourceKeys: Object.keys(resources),
      numWorkers,
      retry: config.retry,
      timeoutMs: config.timeout == null ? null : config.timeout * 1000,
      maxRecoveries,
      handler: handler as unknown as StepDefinition["handler"],
    });
    this.compiled = undefined;
    return this as never;
  }

  /** The steps, in the order they were added. */
  get steps(): readonly StepDefinition[] {
    return this.stepList;
  }

  /** Throws `WorkflowValidationError` listing every problem of the step graph. Checked once, then cached. */
  validate(): void {
    this.compile();
  }

  private compile(): Compiled {
    if (this.compiled) return this.compiled;
    const problems = findProblems(this.stepList, this.duplicates);
    if (problems.length) throw new WorkflowValidationError(this.name, problems);
    const steps = new Map(this.stepList.map((s) => [s.name, s]));
    const graph = eventGraph(this.stepList);
    const routes = new Map<Function, StepDefinition[]>();
    const stepList = this.stepList;
    const plan: RunPlan = {
      retry: this.options.retry,
      timeoutSeconds: this.options.timeout ?? null,
      recoverySteps: stepList.filter((s) => s.accepts.includes(StepFailedEvent)),
      consumersOf(event: Event): readonly StepDefinition[] {
        let consumers = routes.get(event.constructor);
        if (!consumers) routes.set(event.constructor, (consumers = stepList.filter((s) => acceptsEvent(s, event))));
        return consumers;
      },
    };
    const registry = new EventRegistry([
      Event,
      StartEvent,
      StopEvent,
      InputRequiredEvent,
      HumanResponseEvent,
      StepFailedEvent,
      ...graph.accepted,
      ...graph.returned,
    ]);
    const resourceNames = new Set(collectResources(this.stepList.flatMap((s) => Object.values(s.resources))).keys());
    const host: RunHost = {
      name: this.name,
      verbose: this.options.verbose ?? false,
      logger: this.options.logger,
      redaction: () => (this.redaction ??= resolveRedaction(this.options.tracing)),
      plan,
      steps,
      timedSteps: stepsTimedFromStart(stepList, plan),
      registry,
      resourceCache: this.resourceCache,
      resourceOverrides: this.resourceOverrides,
    };
    this.compiled = { steps, plan, registry, startClass: graph.startClasses[0] ?? StartEvent, resourceNames, host };
    return this.compiled;
  }

  /** A Mermaid flowchart of steps and events. */
  toMermaid(): string {
    return toMermaid(this.stepList);
  }

  /**
   * Runs the workflow. Await the handler for the result, or read `handler.streamEvents()` as it goes. With a context
   * restored by `Context.fromDict`, `run(undefined, { ctx })` resumes the run it holds.
   */
  run(input?: RunInput<StartInput>, options: RunOptions<S, Res> = {}): WorkflowHandler<RunResult<Result>, S> {
    return this.launch(input, options, undefined);
  }

  /**
   * Rebuilds a run from its journal (the records a `Runtime`'s journal received, `run.started` first) and carries it
   * on: completed steps do not run again, steps the journal saw start but not finish run again, and new records go to
   * `options.runtime`'s journal numbered after the given ones.
   */
  rebuild(records: readonly JournalRecord[], options: RunOptions<S, Res> = {}): WorkflowHandler<RunResult<Result>, S> {
    const first = records[0];
    if (first?.type !== "run.started") {
      throw new WorkflowRuntimeError(`rebuild(): a journal starts with a run.started record (got ${first ? first.type : "no records"})`);
    }
    if (first.workflow !== this.name) throw new WorkflowRuntimeError(`rebuild(): the journal is of workflow "${first.workflow}", not "${this.name}"`);
    records.forEach((r, i) => {
      if (r.seq !== i + 1) throw new WorkflowRuntimeError(`rebuild(): record ${i + 1} has seq ${r.seq}; a journal is numbered 1, 2, … without gaps`);
    });
    return this.launch(undefined, options, { records, runId: first.runId });
  }

  private launch(
    input: RunInput<StartInput> | undefined,
    options: RunOptions<S, Res>,
    journal: { records: readonly JournalRecord[]; runId: string } | undefined,
  ): WorkflowHandler<RunResult<Result>, S> {
    const compiled = this.compile();
    const ctx = (options.ctx ?? new Context<S>(this)) as Context<never>;
    if (ctx.workflow.name !== this.name) {
      throw new WorkflowRuntimeError(`This context belongs to workflow "${ctx.workflow.name}", not "${this.name}"`);
    }
    if (ctx.activeRun) {
      throw new WorkflowRuntimeError(`The context is in use by run ${ctx.activeRun.runId}; two runs cannot share one context at the same time`);
    }
    const resume = journal ? null : ctx.pendingResume;
    if (resume && input !== undefined) {
      throw new WorkflowRuntimeError(`The context holds a run to resume (${resume.runId}); call run(undefined, { ctx }) to resume it`);
    }
    const start = resume || journal ? undefined : this.startEvent(input, compiled.startClass);
    const overrides = this.checkOverrides(options.resources, compiled, "run(…, { resources })");
    const run = new WorkflowRun(compiled.host, ctx, {
      runId: journal?.runId ?? resume?.runId,
      resourceOverrides: overrides,
      signal: options.signal,
      sessionId: options.sessionId,
      metadata: options.metadata,
      runtime: options.runtime,
    });
    ctx.pendingResume = null;
    ctx.cancelledRun = null;
    ctx.activeRun = run;
    const handler = new WorkflowHandler<RunResult<Result>, S>(run, resultOf as (stop: Event) => RunResult<Result>);
    const limit = this.options.numConcurrentRuns;
    if (limit !== undefined && this.concurrency.running >= limit) {
      this.concurrency.waiting.push(() => this.beginWaited(run, start ?? journal ?? resume!));
      return handler;
    }
    try {
      run.begin(start ?? journal ?? resume!);
      if (limit !== undefined) this.takePlace(run);
    } catch (error) {
      // A run that never started must not keep its context "in use", nor lose the run the context held.
      run.abandon();
      ctx.activeRun = null;
      ctx.pendingResume = resume;
      throw error;
    }
    return handler;
  }

  /** Holds one of the `numConcurrentRuns` places until `run` ends. */
  private takePlace(run: WorkflowRun): void {
    this.concurrency.running++;
    run.done.then(
      () => this.releasePlace(),
      () => this.releasePlace(),
    );
  }

  /** Starts a run that waited for a place; its caller is gone, so a start that throws fails the run instead. */
  private beginWaited(run: WorkflowRun, start: Event | RunSnapshot | JournalSource): void {
    if (run.state.status !== "running") return this.nextWaiting(); // cancelled while it waited
    this.takePlace(run);
    try {
      run.begin(start);
    } catch (error) {
      run.dispatch({ kind: "fault", error });
    }
  }

  private releasePlace(): void {
    this.concurrency.running--;
    this.nextWaiting();
  }

  private nextWaiting(): void {
    const next = this.concurrency.waiting.shift();
    if (next) next();
  }

  private startEvent(input: unknown, startClass: AnyEventClass): Event {
    if (input instanceof Event) {
      if (!(input instanceof startClass)) {
        throw new WorkflowRuntimeError(`run(): expected a ${startClass.eventName}, got a ${(input as Event).eventName}`);
      }
      return input;
    }
    if (input !== undefined && (input === null || typeof input !== "object")) {
      throw new TypeError(`run(): the input must be an object of start event fields, got ${input === null ? "null" : typeof input}`);
    }
    return new (startClass as unknown as new (fields: unknown) => Event)(input ?? {});
  }

  private checkOverrides(overrides: object | undefined, compiled: Compiled, where: string): ResourceOverrides {
    const map = new Map<string, unknown>();
    if (!overrides) return map;
    for (const [name, value] of Object.entries(overrides)) {
      if (!compiled.resourceNames.has(name)) {
        const known = [...compiled.resourceNames].join(", ") || "none";
        throw new WorkflowRuntimeError(`${where}: workflow "${this.name}" uses no resource named "${name}" (its resources: ${known})`);
      }
      map.set(name, value);
    }
    return map;
  }

  /**
   * A copy of this workflow whose runs use these resources instead of the declared ones — set a mock LLM once for a
   * whole test suite. The copy has its own resource cache.
   */
  withResources(overrides: ResourceOverridesOf<Res>): Workflow<S, StartInput, Result, Res> {
    const compiled = this.compile();
    const copy = Object.create(Workflow.prototype) as Workflow<S, StartInput, Result, Res>;
    Object.assign(copy, this);
    // its own step list and plan: a step added to either later belongs to that one only, and gets its events
    copy.stepList = [...this.stepList];
    copy.duplicates = [...this.duplicates];
    copy.compiled = undefined;
    copy.resourceCache = new ResourceCache();
    copy.concurrency = { running: 0, waiting: [] };
    copy.resourceOverrides = new Map([...this.resourceOverrides, ...this.checkOverrides(overrides, compiled, "withResources()")]);
    return copy;
  }

  /** @internal Refuses a snapshot whose run this workflow could not have produced (see `snapshotMisfits`). */
  checkSnapshot(run: RunSnapshot): void {
    const { steps, registry } = this.compile();
    const problems = snapshotMisfits(run, { name: this.name, steps, registry });
    if (problems.length) throw new ContextSerializationError(`Context snapshot does not fit this workflow:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }

  /** Closes the cached resources (those declared with `dispose`). Failures are thrown together, after all closed. */
  async close(): Promise<void> {
    const failures = await this.resourceCache.dispose();
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} resources of workflow "${this.name}" failed to close`);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** How many runs of this workflow may go on at once (`numConcurrentRuns`); undefined: no limit. */
  get numConcurrentRuns(): number | undefined {
    return this.options.numConcurrentRuns;
  }

  /** @internal Which class a run's input becomes. */
  get startEventClass(): AnyEventClass {
    return this.compile().startClass;
  }

  /** @internal */
  isStopClass(cls: AnyEventClass): boolean {
    return isA(cls, StopEvent);
  }
}

/** The state type of a workflow built with a `state` schema. */
export type WorkflowState<W> = W extends Workflow<infer S> ? S : never;
