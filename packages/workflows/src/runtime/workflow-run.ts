import type { Context } from "../context/context.js";
import type { SendEventOptions } from "../context/context.js";
import type { RunSnapshot } from "../context/context-dict.js";
import { StepContext, type WaitForEventOptions } from "../context/step-context.js";
import type { AnyEventClass } from "../events/event.js";
import { Event } from "../events/event.js";
import { StopEvent } from "../events/builtin-events.js";
import { WorkflowRuntimeError } from "../errors/errors.js";
import { RunLog } from "../logging/run-log.js";
import { ResourceCache } from "../resources/resource-cache.js";
import { resolveResources, type ResourceScopes } from "../resources/resource-resolver.js";
import { RunTracer, runInContext } from "../tracing/run-tracer.js";
import { observerOf, type RunObserver } from "./run-observer.js";
import { reduce, type Command, type Tick } from "./reducer.js";
import { decideRetry } from "./retry-policy.js";
import { markStepError } from "../errors/step-error-info.js";
import { StepFailedEvent } from "../events/step-failed-event.js";
import { createRunState, OUTSIDE, waiterId, type Execution, type PendingTimer, type RunState } from "./run-state.js";
import { snapshotOf } from "./run-snapshot.js";
import { EventStream } from "./event-stream.js";
import { errorJSON, RunRecorder, type JournalRecord } from "./records.js";
import { heldKey, replay } from "./replay.js";
import { inProcessRuntime, type Clock, type Runtime } from "./runtime.js";
import { RunTimers, type TimerTarget } from "./run-timers.js";
import { RunInfo } from "./run-info.js";
import { WaitPromises } from "./wait-promises.js";
import { queueStart, type StepStarter } from "./step-starts.js";
import { checkCollect, checkSend } from "./send-checks.js";
import { followingController, type FollowingController } from "./following-controller.js";
import { uuidv7 } from "../ids/uuidv7.js";
import { bindToStep } from "./bind-to-step.js";
import { callbackError } from "./callback-error.js";
import type { JournalSource, RunHost, RunSettings } from "./run-host.js";
import { failureEvent, thrownByStep } from "./step-failure.js";
import { DurableCalls, runDurable, type DurableCallRecord } from "../context/durable-calls.js";

type Ending = Extract<Command, { kind: "finish" | "fail" }>;

const EMPTY_RESOURCES = Object.freeze({}) as never;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function";
}

function noop(): void {}

/**
 * The command list `dispatch` hands to `reduce`, reused by every tick of every run: emptied with `pop`, which keeps
 * its storage (a fresh array per tick cost ~185 bytes, a fifth of a small step's garbage). Null while in use.
 */
let spareCommands: Command[] | null = [];

/**
 * The executor: carries out what the reducer decides (runs step handlers, arms timers, feeds the stream, settles the
 * result) and turns everything that happens into a tick through `dispatch`. The engine is four files: `records.ts`
 * (what a journal holds), `reducer.ts` (every decision), this one, and `runtime.ts` (where runs execute and are
 * recorded); the rest are small helpers named after what each holds.
 */
export class WorkflowRun implements StepStarter, TimerTarget {
  readonly state: RunState;
  readonly stream = new EventStream();
  /** Resolves with the stop event; rejects with the run's error. Never unhandled. */
  readonly done: Promise<StopEvent>;
  private settle!: { resolve: (stop: StopEvent) => void; reject: (error: unknown) => void };
  /** Made on first use: most runs never read a signal, and an AbortController costs as much as a small step. */
  private controller: AbortController | null = null;
  /** Set by `end`; the run's signal and its waiters end with the failure, or with `completedError`. */
  private ended: { failure?: { error: unknown } } | null = null;
  /** "The run has ended", made only when a signal or a waiter of a completed run needs it. */
  private completedError: WorkflowRuntimeError | null = null;
  // Made on first use, like the controller: a run that needs none of them should not pay ~600 bytes for them.
  private timers: RunTimers | null = null;
  private waits: WaitPromises | null = null;
  /** The answer of the last `collect` tick. */
  private collected: Event[] | null = null;
  /** The signal of each attempt in progress with a timeout of its own, which follows the run's until the attempt ends. */
  private stepSignals: Map<Execution, FollowingController> | null = null;
  private runResources: ResourceCache | null = null;
  private tracer: RunTracer | null = null;
  private log: RunLog | null = null;
  /** The tracer and the log, as one; null when the run has neither. */
  private observer: RunObserver | null = null;
  private detachSignal: () => void = noop;
  private readonly runtime: Runtime;
  readonly clock: Clock;
  /** Numbers the run's records for its journal; null when the runtime keeps none (then nothing is recorded). */
  private recorder: RunRecorder | null = null;
  /** The journal's `settled`, when it stores asynchronously: steps start once what came before them is stored. */
  private settled: (() => PromiseLike<unknown> | undefined) | null = null;
  /** Set while a journal is replayed: the stream entries the replay pushed itself (publish, the stop event). */
  private replaying: Set<Event> | null = null;
  /** The store's change count when a record last carried its snapshot. */
  private storeRecordedAt = -1;
  /**
   * Executions a replay started and the journal did not finish, by `step|eventId|attempt`; made by a rebuild only (a
   * map per run was a measurable part of a fresh run's cost).
   */
  private held: Map<string, Execution> | null = null;
  /** Held executions whose step timeout the journal saw fire (cut before their failure): they fail, not run again. */
  private heldTimeouts: Map<Execution, unknown> | null = null;
  /** The durable calls of the run's step executions; null when the run keeps no journal and rebuilds none. */
  private durableCalls: DurableCalls | null = null;
  /** Someone awaits the handler or reads its stream: a failure then has an audience, else `end` warns about it. */
  observed = false;

  constructor(
    readonly host: RunHost,
    readonly context: Context<never>,
    private readonly settings: RunSettings,
  ) {
    this.state = createRunState(host.steps);
    this.runtime = settings.runtime ?? inProcessRuntime;
    this.clock = this.runtime.clock;
    this.done = new Promise<StopEvent>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(noop);
  }

  get runId(): string {
    return (this.settings.runId ??= uuidv7(this.clock.now()));
  }

  get signal(): AbortSignal {
    return this.runController().signal;
  }

  signalFor(exec: Execution): AbortSignal {
    return this.stepSignals?.get(exec)?.controller.signal ?? this.runController().signal;
  }

  private runController(): AbortController {
    if (this.controller === null) {
      this.controller = new AbortController();
      if (this.ended) this.controller.abort(this.endError());
    }
    return this.controller;
  }

  /** The failure, or for a run that completed one "The run has ended" error shared by its signal and waiters. */
  private endError(): unknown {
    const failure = this.ended?.failure;
    return failure ? failure.error : (this.completedError ??= new WorkflowRuntimeError("The run has ended"));
  }

  /** Starts a fresh run with its start event, resumes a snapshot, or rebuilds a run from its journal and carries it on. */
  begin(start: Event | RunSnapshot | JournalSource): void {
    const resumed = !(start instanceof Event);
    // the run span reads the id only when it records
    const info = new RunInfo(this, this.host.name, this.settings.sessionId, this.settings.metadata, resumed && "traceparent" in start ? start.traceparent : undefined);
    this.tracer = RunTracer.start(info, this.host);
    if (this.host.verbose || this.host.logger) {
      this.log = new RunLog(this.host.name, this.runId, this.host.verbose, this.host.logger, this.tracer, (thrown) =>
        this.dispatch({ kind: "fault", error: callbackError(`the logger of workflow "${this.host.name}"`, thrown) }),
      );
      this.log.runStarted(resumed);
    }
    this.observer = observerOf(this.tracer, this.log);
    const journal = this.runtime.journalFor(info);
    if (journal?.settled) this.settled = () => journal.settled!();
    if (journal && "records" in start) {
      this.recorder = new RunRecorder(journal, start.records.length);
    } else if (journal) {
      this.recorder = new RunRecorder(journal);
      this.recorder.runStarted(this.clock.now(), this.runId, this.host.name, resumed ? undefined : start);
    }
    if (journal || "records" in start) this.durableCalls = new DurableCalls((exec, call) => this.recordDurable(exec, call));
    // a rebuilt run begins as its journal says (its timeout due when the original's was)
    if (!("records" in start)) this.dispatch({ kind: "begin", at: this.clock.now() });
    this.attachSignal();
    if (this.state.status !== "running") return;
    if ("records" in start) this.rebuild(start.records);
    else if (resumed) this.restore(start);
    else this.dispatch({ kind: "event", event: start, input: true });
  }

  /** Undoes what a `begin` that threw had set up: its timers and its listener on the caller's signal. */
  abandon(): void {
    this.state.status = "failed";
    this.timers?.clear();
    this.detachSignal();
  }

  private attachSignal(): void {
    const signal = this.settings.signal;
    if (!signal) return;
    if (signal.aborted) {
      this.dispatch({ kind: "cancel", reason: signal.reason });
      return;
    }
    const onAbort = () => this.dispatch({ kind: "cancel", reason: signal.reason });
    signal.addEventListener("abort", onAbort, { once: true });
    this.detachSignal = () => signal.removeEventListener("abort", onAbort);
  }

  /** Arms a timer the reducer scheduled (`record`: false when a rebuild re-arms a recorded one). */
  private arm(timer: PendingTimer, record: boolean): void {
    (this.timers ??= new RunTimers(this.clock, this)).arm(timer);
    if (record) this.recorder?.timerScheduled(timer, timer.dueAt - timer.delayMs);
  }

  /** A timer fell due: its firing is a tick (unless the reducer cancelled it meanwhile). */
  fire(timer: PendingTimer): void {
    if (!this.state.timers.has(timer.id)) return;
    const at = this.clock.now();
    this.recorder?.timerFired(timer, at);
    this.dispatch({ kind: "timer", timerId: timer.id, at });
  }

  dispatch(tick: Tick): void {
    const buffer = spareCommands;
    // a dispatch from inside perform (an abort listener that cancels a run) gets its own array
    spareCommands = null;
    try {
      if (this.observer !== null && this.replaying === null) this.observer.ticked(tick, this.state);
      // a tick after the run ended (a step that returns after a cancel or a timeout) changes nothing: the journal ends
      // with run.ended, and a rebuild could not place it
      if (this.recorder !== null && this.state.status === "running") this.recorder.tick(tick, "at" in tick ? tick.at : this.clock.now(), tick.kind === "stepDone" ? this.storeEdits() : undefined);
      const commands = reduce(this.state, this.host.plan, tick, buffer ?? []);
      for (let i = 0; i < commands.length; i++) this.perform(commands[i]);
    } catch (thrown) {
      // Only user code can throw in here (a getter of a waiter's requirements, a stream reader): the run fails with it
      // rather than letting it escape into a timer or a promise callback, where it would be unhandled.
      if (this.state.status === "running") this.dispatch({ kind: "fault", error: callbackError(`handling ${tick.kind} of run "${this.host.name}"`, thrown) });
    } finally {
      if (buffer) {
        while (buffer.length > 0) buffer.pop();
        spareCommands = buffer;
      }
    }
  }

  private perform(cmd: Command): void {
    if (this.replaying) return this.replayed(cmd);
    switch (cmd.kind) {
      case "runStep": {
        const stored = this.settled?.();
        if (stored === undefined) queueStart(this, cmd.exec);
        else {
          const exec = cmd.exec;
          // a journal that failed has its runtime end the run: `execute` then starts nothing
          stored.then(() => queueStart(this, exec), () => queueStart(this, exec));
        }
        break;
      }
      case "schedule":
        this.arm(cmd.timer, true);
        break;
      case "cancelTimer":
        this.timers?.disarm(cmd.timerId);
        break;
      case "timeoutStep":
        this.stepSignals?.get(cmd.exec)?.controller.abort(cmd.error);
        this.finishStep(cmd.exec, undefined, cmd.error);
        break;
      case "publish":
        if (cmd.from !== undefined) this.observer?.published(cmd.event, cmd.from);
        this.streamPush(cmd.event);
        break;
      case "resolveWaiter":
        this.recorder?.record({ type: "wait.answered", at: this.clock.now(), waiterId: cmd.waiterId, eventId: cmd.event.eventId });
        this.waits?.resolve(cmd.waiterId, cmd.event);
        break;
      case "rejectWaiter":
        this.waits?.reject(cmd.waiterId, cmd.error);
        break;
      case "collected":
        this.collected = cmd.events;
        break;
      case "finish":
      case "fail":
        this.end(cmd);
        break;
    }
  }

  /** While a journal is replayed: nothing runs, nothing is armed, nobody is answered; the stream and the end are rebuilt. */
  private replayed(cmd: Command): void {
    switch (cmd.kind) {
      case "runStep":
        // held, not run: the journal says how each ended, or the rebuild runs it afterwards
        this.held!.set(heldKey(cmd.exec.slot.def.name, cmd.exec.event.eventId, cmd.exec.attempt), cmd.exec);
        break;
      case "publish":
        this.streamPush(cmd.event);
        break;
      case "timeoutStep":
        (this.heldTimeouts ??= new Map()).set(cmd.exec, cmd.error);
        break;
      case "finish":
      case "fail":
        this.end(cmd);
        break;
      default:
        // timers are armed once the replay is over, for what is still pending then
        break;
    }
  }

  /**
   * Rebuilds the run from its journal (no handler runs, no decision is taken again), then runs the executions the
   * journal saw start but not finish. The recorder stays detached while replaying: the records exist already.
   */
  private rebuild(records: readonly JournalRecord[]): void {
    const recorder = this.recorder;
    this.recorder = null;
    this.replaying = new Set();
    const held = (this.held = new Map());
    const run = this;
    let executions: Map<string, Execution>;
    try {
      executions = replay(
        {
          registry: this.host.registry,
          held,
          dispatch: (tick) => this.dispatch(tick),
          streamed: (event) => run.replaying!.has(event),
          restoreStore: (store, state) => this.context.store.restore(store, state),
          restoreDurable: (exec, call) => this.durableCalls!.restore(exec, call),
          pendingTimers: () => this.state.timers.values(),
        },
        records,
      );
    } finally {
      this.replaying = null;
      this.recorder = recorder;
    }
    // a wait from outside any step has lost its caller with the process that made it
    this.dispatch({ kind: "dropWaits", stepName: OUTSIDE });
    // the timers still pending fall due when the original run's would have
    for (const timer of this.state.timers.values()) this.arm(timer, false);
    const ids = new Map<Execution, string>();
    for (const [id, exec] of executions) ids.set(exec, id);
    const timedOut = this.heldTimeouts;
    this.heldTimeouts = null;
    this.held = null;
    const carried = [...held.values()];
    for (const exec of carried) {
      const id = ids.get(exec);
      if (recorder && id !== undefined) recorder.adopt(exec, id);
    }
    // an attempt whose step timeout fired before the cut fails with it now, as it did then; the others run again
    for (const exec of carried) {
      const error = timedOut?.get(exec);
      if (error !== undefined) this.finishStep(exec, undefined, error);
    }
    for (const exec of carried) if (!timedOut?.has(exec)) queueStart(this, exec);
  }

  /** Every stream entry goes through here, so the journal sees each with its sequence number. */
  private streamPush(event: Event): void {
    if (this.replaying) this.replaying.add(event);
    this.stream.push(event);
    this.recorder?.streamWritten(this.clock.now(), this.stream.length, event);
  }

  /** The store and state for a step's completion record, when they changed since the last record that carried them. */
  private storeEdits(): { store: Record<string, unknown>; state: unknown } | undefined {
    const store = this.context.store;
    // only after a change: a completion without one leaves the store as the last record that carried it
    if (store.changes === this.storeRecordedAt) return undefined;
    try {
      const edits = store.snapshot();
      this.storeRecordedAt = store.changes;
      return edits;
    } catch {
      // a store that is not JSON cannot travel; the run goes on, a rebuild starts from the last one that could
      return undefined;
    }
  }

  /** Runs one step attempt (from `queueStart`'s microtask). */
  execute(exec: Execution): void {
    if (this.state.status !== "running" || exec.settled) return;
    const def = exec.slot.def;
    // The reducer notes the first start and schedules the step's timeout; the tracer starts the step's span, the
    // journal records it. Only the journal and a step that can time out, be retried or be recovered use the time (-1:
    // not read); a start that nobody observes either would change nothing, and is no tick.
    if (this.recorder !== null || this.host.timedSteps.has(def)) this.dispatch({ kind: "stepStarted", exec, at: this.clock.now() });
    else if (this.observer !== null) this.dispatch({ kind: "stepStarted", exec, at: -1 });
    const otelContext = this.tracer?.contextOf(exec);
    // a step with a timeout of its own gets a signal of its own, which the run's signal aborts too
    if (def.timeoutMs !== null) (this.stepSignals ??= new Map()).set(exec, followingController(this.runController().signal));
    let callResources: ResourceCache | undefined;
    const ctx = new StepContext(this, exec);
    let outcome: unknown;
    try {
      if (otelContext === undefined && def.resourceKeys.length === 0) {
        outcome = def.handler(exec.event, ctx as never, EMPTY_RESOURCES);
      } else {
        const invoke = (): unknown => {
          if (def.resourceKeys.length === 0) return def.handler(exec.event, ctx as never, EMPTY_RESOURCES);
          callResources = new ResourceCache();
          return resolveResources(def.resources, this.scopes(callResources, def.name)).then((resources) =>
            def.handler(exec.event, ctx as never, bindToStep(resources, { signal: this.signalFor(exec), durable: this.durableCalls?.scope(exec) }) as never),
          );
        };
        outcome = otelContext ? runInContext(otelContext, invoke) : invoke();
      }
    } catch (error) {
      this.finishStep(exec, undefined, thrownByStep(def.name, error), callResources);
      return;
    }
    if (isThenable(outcome)) {
      outcome.then(
        (result) => this.finishStep(exec, result, undefined, callResources),
        (error: unknown) => this.finishStep(exec, undefined, thrownByStep(def.name, error), callResources),
      );
    } else {
      this.finishStep(exec, outcome, undefined, callResources);
    }
  }

  private scopes(call: ResourceCache | undefined, stepName: string | undefined): ResourceScopes {
    return {
      workflow: this.host.resourceCache,
      run: (this.runResources ??= new ResourceCache()),
      call,
      workflowOverrides: this.host.resourceOverrides,
      runOverrides: this.settings.resourceOverrides,
      runId: this.runId,
      stepName,
    };
  }

  private finishStep(exec: Execution, result: unknown, error: unknown, callResources?: ResourceCache): void {
    if (callResources) this.disposeLater(callResources);
    if (exec.settled) return;
    const stepSignal = this.stepSignals?.get(exec);
    if (stepSignal) {
      stepSignal.unfollow();
      this.stepSignals!.delete(exec);
    }
    const failed = error !== undefined;
    const running = this.state.status === "running";
    let retry: { delayMs: number } | null = null;
    let recover: StepFailedEvent | undefined;
    const at = failed ? this.clock.now() : 0;
    if (failed && running) {
      const def = exec.slot.def;
      const elapsedMs = at - exec.firstStartedAt;
      try {
        retry = decideRetry(def.retry ?? this.host.plan.retry, error, exec.attempt, elapsedMs);
      } catch (thrown) {
        error = callbackError(`retry.retryOn of step "${def.name}"`, thrown);
      }
      if (retry === null) {
        markStepError(error, { step: def.name, attempt: exec.attempt });
        const recoverers = this.host.plan.recoverySteps;
        // a recovering step's own failure is not recovered: it would feed itself
        if (recoverers.length > 0 && !recoverers.includes(def)) recover = failureEvent(def.name, error, exec.attempt, elapsedMs);
      }
    }
    this.dispatch(failed ? { kind: "stepFailed", exec, error, retry, recover, at } : { kind: "stepDone", exec, result });
  }

  sendEvent(event: Event, options: SendEventOptions | undefined, from: Execution | null): void {
    const target = options?.step;
    checkSend(this.state, event, target, from ? from.slot.def : null);
    this.dispatch({ kind: "event", event, target, from: from ?? undefined, sent: true });
  }

  writeToStream(event: Event, from: Execution | null): void {
    if (!(event instanceof Event)) throw new TypeError(`writeEventToStream: expected an event, got ${typeof event}`);
    this.dispatch({ kind: "streamWrite", event, from });
  }

  collectEvents(exec: Execution, event: Event, expected: readonly AnyEventClass[]): Event[] | null {
    checkCollect(exec.slot.def, event);
    // journaled with the step's completion, so a rebuild applies the collects of completed steps only
    this.dispatch({ kind: "collect", exec, event, expected });
    const collected = this.collected;
    this.collected = null;
    return collected;
  }

  waitForEvent<E extends Event>(exec: Execution | null, eventClass: AnyEventClass<E>, options: WaitForEventOptions<E>): Promise<E> {
    if (this.state.status !== "running") {
      return Promise.reject(new WorkflowRuntimeError(`waitForEvent(${eventClass.eventName}): the run is ${this.state.status}`));
    }
    const stepName = exec ? exec.slot.def.name : OUTSIDE;
    const at = this.clock.now();
    const id = exec ? waiterId(stepName, exec.event, ++exec.waits) : `outside:${uuidv7(at)}`;
    const promise = (this.waits ??= new WaitPromises()).open<E>(id);
    const requirements = options.requirements as Record<string, unknown> | undefined;
    const timeoutMs = options.timeout === undefined ? undefined : options.timeout * 1000;
    this.dispatch({ kind: "waitBegun", waiter: { id, eventClass, requirements, stepName }, timeoutMs, waiterEvent: options.waiterEvent, from: exec, at });
    return promise;
  }

  cancel(reason?: unknown): void {
    this.dispatch({ kind: "cancel", reason });
  }

  durable<T>(exec: Execution, name: string, fn: () => T | PromiseLike<T>): Promise<T> {
    return runDurable(this.durableCalls, exec, name, fn);
  }

  /** A call that completes after its run ended is not recorded: the journal ends with `run.ended`. */
  private recordDurable(exec: Execution, call: DurableCallRecord): void {
    if (this.state.status === "running") this.recorder?.durableCompleted(exec, this.clock.now(), call);
  }

  /** Plain JSON of the run: in-progress inputs are queued again (their steps re-run on resume). */
  snapshot(): RunSnapshot {
    return snapshotOf(this.state, this.runId, this.tracer?.traceparent());
  }

  private restore(snapshot: RunSnapshot): void {
    const registry = this.host.registry;
    const collectBuffers = new Map<string, Event[]>();
    for (const [step, events] of Object.entries(snapshot.collectBuffers)) collectBuffers.set(step, events.map((e) => registry.fromJSON(e)));
    const parked = snapshot.parked.map((e) => registry.fromJSON(e));
    this.dispatch({ kind: "restore", collectBuffers, parked, waiterIds: snapshot.waiters.map((w) => w.id) });
    for (const [step, events] of Object.entries(snapshot.queues)) {
      for (const e of events) this.dispatch({ kind: "event", event: registry.fromJSON(e), target: step });
    }
  }

  private end(outcome: Ending): void {
    this.timers?.clear();
    this.detachSignal();
    const failed = outcome.kind === "fail";
    this.ended = failed ? { failure: { error: outcome.error } } : {};
    if (outcome.waiters.length > 0) {
      const endError = this.endError();
      for (const id of outcome.waiters) this.waits?.reject(id, endError);
    }
    this.controller?.abort(this.endError());
    this.observer?.ended(outcome, this.state);
    if (failed) {
      this.stream.close({ error: outcome.error });
    } else {
      this.streamPush(outcome.stop);
      this.stream.close();
    }
    if (this.recorder) {
      const status = this.state.status as "completed" | "failed" | "cancelled";
      const at = this.clock.now();
      this.recorder.record(failed ? { type: "run.ended", at, status, error: errorJSON(outcome.error) } : { type: "run.ended", at, status, result: this.recorder.eventJSON(outcome.stop) });
    }
    if (this.state.status === "cancelled") this.keepCancelledSnapshot();
    this.context.activeRun = null;
    if (this.runResources) void this.disposeLater(this.runResources);
    if (failed) this.settle.reject(outcome.error);
    else this.settle.resolve(outcome.stop);
    if (failed && this.state.status === "failed" && !this.log) setImmediate(() => this.warnIfUnobserved(outcome.error));
  }

  /**
   * A failed run nobody awaits (a fire-and-forget run in an HTTP handler) would otherwise fail in silence: it prints a
   * process warning, which `process.on("warning")` can route to a logger. A workflow with a logger logs it there instead.
   */
  private warnIfUnobserved(error: unknown): void {
    if (this.observed) return;
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.emitWarning(`Run ${this.runId} of workflow "${this.host.name}" failed and nothing awaited it: ${what}`, {
      code: "WEFT_UNOBSERVED_RUN_FAILURE",
      detail: error instanceof Error ? error.stack : undefined,
    });
  }

  /** Steps cut off by the cancel are queued again in it, as in any snapshot; an event that is not JSON leaves none. */
  private keepCancelledSnapshot(): void {
    try {
      this.context.cancelledRun = this.snapshot();
    } catch {
      this.context.cancelledRun = null;
    }
  }

  private disposeLater(cache: ResourceCache): Promise<void> {
    if (cache.size === 0) return Promise.resolve();
    return cache.dispose().then((failures) => {
      for (const failure of failures) {
        if (this.log) this.log.warn(`resource "${failure.resourceName}" did not close`, failure);
        else process.emitWarning(failure.message, { code: "WEFT_RESOURCE_DISPOSE" });
      }
    });
  }
}
