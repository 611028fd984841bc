import type { Context } from "../context/context.js";
import type { SendEventOptions } from "../context/context.js";
import type { RunSnapshot } from "../context/context-dict.js";
import { StepContext, type WaitForEventOptions } from "../context/step-context.js";
import type { AnyEventClass } from "../events/event.js";
import { Event } from "../events/event.js";
import { HumanResponseEvent, InputRequiredEvent, resultOf, StopEvent } from "../events/builtin-events.js";
import { WorkflowRuntimeError, WorkflowTimeoutError } from "../errors/errors.js";
import { RunLog } from "../logging/run-log.js";
import { ResourceCache } from "../resources/resource-cache.js";
import { resolveResources, type ResourceScopes } from "../resources/resource-resolver.js";
import { RunTracer, runInContext } from "../tracing/run-tracer.js";
import { acceptsEvent, returnsEvent } from "../workflow/step-definition.js";
import { reduce, takeParked, type Command, type Tick } from "./control-loop.js";
import { decideRetry } from "./retry-policy.js";
import { markStepError } from "../errors/step-error-info.js";
import { StepFailedEvent } from "../events/step-failed-event.js";
import { createRunState, OUTSIDE, waiterId, type Execution, type RunState, type Waiter } from "./run-state.js";
import { collectInto } from "./pick-collected.js";
import { EventStream } from "./event-stream.js";
import { errorJSON, RunRecorder, type CollectOp, type JournalRecord, type RecordBase } from "./records.js";
import { heldKey, replay } from "./replay.js";
import { inProcessRuntime, type Clock, type Runtime, type TimerHandle } from "./runtime.js";
import { uuidv7 } from "../ids/uuidv7.js";
import { bindToStep } from "./bind-to-step.js";
import { callbackError } from "./callback-error.js";
import type { JournalSource, RunHost, RunSettings } from "./run-host.js";
import { failureEvent, thrownByStep } from "./step-failure.js";

type Outcome = { stop: StopEvent } | { error: unknown };

const EMPTY_RESOURCES = Object.freeze({}) as never;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function";
}

function noop(): void {}

/**
 * Steps start in a microtask of their own. `.then` on a settled promise queues one exactly like `queueMicrotask`
 * (same queue, same order, same async context) at half the cost: Node wraps each `queueMicrotask` in an AsyncResource.
 */
const nextMicrotask = Promise.resolve();

/**
 * Steps waiting for their start microtask, oldest first. Each start queues one microtask that starts the oldest entry:
 * the same order as a closure per step, without allocating one. The microtask queue always drains before the next
 * macrotask, and with it this list, which is then emptied with `pop` (keeping its storage).
 */
const startRuns: (WorkflowRun | undefined)[] = [];
const startExecs: (Execution | undefined)[] = [];
let startHead = 0;

/**
 * The command list `dispatch` hands to `reduce`, reused by every tick of every run: emptied with `pop`, which keeps
 * its storage (a fresh array per tick cost ~185 bytes, a fifth of a small step's garbage). Null while in use.
 */
let spareCommands: Command[] | null = [];

/**
 * Carries out what the control loop decides: runs step handlers, arms timers, feeds the stream, settles the result.
 * Everything that happens comes back as a tick through `dispatch`.
 */
export class WorkflowRun {
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
  /** The run's own timeout. */
  private runTimer: TimerHandle | undefined;
  /** Step-timeout, retry-delay and wait timers. */
  private timers: Set<TimerHandle> | null = null;
  /** The signal of each step with a timeout in progress, and its listener on the run's signal (removed when it ends). */
  private stepSignals: Map<Execution, { controller: AbortController; onRunAbort: () => void }> | null = null;
  private runResources: ResourceCache | null = null;
  private tracer: RunTracer | null = null;
  private log: RunLog | null = null;
  private detachSignal: () => void = noop;
  private readonly runtime: Runtime;
  readonly clock: Clock;
  /** Numbers the run's records for its journal; null when the runtime keeps none (then nothing is recorded). */
  private recorder: RunRecorder | null = null;
  /** Set while a journal is replayed: the stream entries the replay pushed itself (publish, the stop event). */
  private replaying: Set<Event> | null = null;
  /** The store's change count when a record last carried its snapshot. */
  private storeRecordedAt = -1;
  /** The `collectEvents` calls of each execution in progress, when the run is journaled. */
  private collectOps: Map<Execution, CollectOp[]> | null = null;
  /**
   * Executions a replay started and the journal did not finish, by `step|eventId|attempt`; made by a rebuild only (a
   * map per run was a measurable part of a fresh run's cost).
   */
  private held: Map<string, Execution> | null = null;
  /**
   * Set by a rebuild, the times its journal holds: a rebuilt run keeps the deadlines of the run it carries on instead
   * of starting its timers afresh. `replaying`: the record being replayed.
   */
  private resumed: {
    replaying: RecordBase;
    /** The record after which each held execution armed a timer (its start, or its retry's delay after a failure). */
    armedBy: Map<Execution, number>;
    /** When a held retry may start: its recorded failure plus its delay. */
    dueAt: Map<Execution, number>;
    /** When an attempt the journal saw start began: its step timeout counts from there. */
    startedAt: Map<Execution, number>;
    /** When each wait of an attempt in progress times out, by waiter id. */
    waitDeadlines: Map<string, number>;
  } | null = null;
  /** Someone awaits the handler or reads its stream: a failure then has an audience, else `end` warns about it. */
  observed = false;
  /** An input-required event went out and no human response came in yet. */
  private askingHuman = false;

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
    const run = this;
    this.tracer = RunTracer.start(
      {
        workflowName: this.host.name,
        // read only when the run span records
        get runId() {
          return run.runId;
        },
        sessionId: this.settings.sessionId,
        metadata: this.settings.metadata,
        resumedFrom: resumed && "traceparent" in start ? start.traceparent : undefined,
      },
      this.host,
    );
    if (this.host.verbose || this.host.logger) {
      this.log = new RunLog(this.host.name, this.runId, this.host.verbose, this.host.logger, this.tracer, (thrown) =>
        this.dispatch({ kind: "fault", error: callbackError(`the logger of workflow "${this.host.name}"`, thrown) }),
      );
      this.log.runStarted(resumed);
    }
    const journal = this.runtime.journalFor({
      workflowName: this.host.name,
      get runId() {
        return run.runId;
      },
    });
    if (journal && "records" in start) {
      this.recorder = new RunRecorder(journal, start.records.length);
    } else if (journal) {
      this.recorder = new RunRecorder(journal);
      this.recorder.record({
        type: "run.started",
        at: this.clock.now(),
        runId: this.runId,
        workflow: this.host.name,
        resumed,
        ...(resumed ? {} : { input: start.toJSON() }),
      });
    }
    // a rebuilt run times out when the run it carries on would have
    this.armTimeout("records" in start && start.records.length > 0 ? start.records[0].at : this.clock.now());
    this.attachSignal();
    if (this.state.status !== "running") return;
    if ("records" in start) this.rebuild(start.records);
    else if (resumed) this.restore(start);
    else {
      this.tracer?.runInput(start);
      this.dispatch({ kind: "event", event: start });
    }
  }

  /** Undoes what a `begin` that threw had set up: its timers and its listener on the caller's signal. */
  abandon(): void {
    this.state.status = "failed";
    if (this.runTimer !== undefined) this.clock.clearTimer(this.runTimer);
    this.detachSignal();
  }

  private armTimeout(startedAt: number): void {
    const seconds = this.host.timeoutSeconds;
    if (seconds === null) return;
    this.runTimer = this.clock.setTimer(() => {
      this.runTimer = undefined;
      this.dispatch({ kind: "timeout", seconds });
    }, this.msUntil(startedAt + seconds * 1000));
  }

  /** Milliseconds from now until `at`, or 0 when it has passed. */
  private msUntil(at: number): number {
    return Math.max(0, at - this.clock.now());
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

  private addTimer(fn: () => void, ms: number): TimerHandle {
    const timer = this.clock.setTimer(() => {
      this.timers?.delete(timer);
      fn();
    }, ms);
    (this.timers ??= new Set()).add(timer);
    return timer;
  }

  private clearTimer(timer: TimerHandle | undefined): void {
    if (timer === undefined) return;
    this.clock.clearTimer(timer);
    this.timers?.delete(timer);
  }

  dispatch(tick: Tick): void {
    const buffer = spareCommands;
    // a dispatch from inside perform (an abort listener that cancels a run) gets its own array
    spareCommands = null;
    try {
      // a tick after the run ended (a step that returns after a cancel or a timeout) changes nothing: the journal ends
      // with run.ended
      if (this.recorder && this.state.status === "running") {
        this.recorder.tick(tick, this.clock.now(), tick.kind === "stepDone" ? this.completionOf(tick.exec) : undefined);
        // a failed attempt's collects are not replayed (its retry collects again): forget them
        if (tick.kind === "stepFailed") this.collectOps?.delete(tick.exec);
      }
      const commands = reduce(this.state, this.host.plan, tick, buffer ?? []);
      for (let i = 0; i < commands.length; i++) this.perform(commands[i]);
    } catch (thrown) {
      // Only user code can throw in here (a getter of a waiter's requirements, a stream reader): the run fails with it
      // rather than letting it escape into a timer or a promise callback, where it would be unhandled.
      if (this.state.status === "running") {
        this.state.status = "failed";
        this.end({ error: callbackError(`handling ${tick.kind} of run "${this.host.name}"`, thrown) });
      }
    } finally {
      if (buffer) {
        while (buffer.length > 0) buffer.pop();
        spareCommands = buffer;
      }
    }
  }

  private perform(cmd: Command): void {
    if (this.replaying && (cmd.kind === "runStep" || cmd.kind === "retryStep")) {
      // held, not run: the journal says how each ended, or the rebuild runs it afterwards
      this.held!.set(heldKey(cmd.exec.slot.def.name, cmd.exec.event.eventId, cmd.exec.attempt), cmd.exec);
      if (cmd.kind === "retryStep" && cmd.delayMs > 0) {
        const { replaying, dueAt, armedBy } = this.resumed!;
        dueAt.set(cmd.exec, replaying.at + cmd.delayMs);
        armedBy.set(cmd.exec, replaying.seq);
      }
      return;
    }
    switch (cmd.kind) {
      case "runStep":
        this.queueStart(cmd.exec);
        break;
      case "retryStep":
        if (cmd.delayMs > 0) this.addTimer(() => this.execute(cmd.exec), cmd.delayMs);
        else this.queueStart(cmd.exec);
        break;
      case "publish":
        this.askingHuman = true;
        this.streamPush(cmd.event);
        break;
      case "resolveWaiter":
        this.recorder?.record({ type: "wait.answered", at: this.clock.now(), waiterId: cmd.waiter.id, eventId: cmd.event.eventId });
        cmd.waiter.resolve(cmd.event);
        break;
      case "finish":
        this.end({ stop: cmd.stop });
        break;
      case "fail":
        this.end({ error: cmd.error });
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
    const resumed = (this.resumed = {
      replaying: records[0] as RecordBase,
      armedBy: new Map<Execution, number>(),
      dueAt: new Map<Execution, number>(),
      startedAt: new Map<Execution, number>(),
      waitDeadlines: new Map<string, number>(),
    });
    const run = this;
    let executions: Map<string, Execution>;
    try {
      executions = replay(
        {
          registry: this.host.registry,
          held,
          dispatch: (tick, record) => {
            resumed.replaying = record;
            this.dispatch(tick);
          },
          restoreStart(exec, record) {
            resumed.startedAt.set(exec, record.at);
            resumed.armedBy.set(exec, record.seq);
          },
          restoreWaitDeadline: (waiterId, deadline) => resumed.waitDeadlines.set(waiterId, deadline),
          forgetWaitDeadlines(exec) {
            for (let n = 1; resumed.waitDeadlines.delete(waiterId(exec.slot.def.name, exec.event, n)); n++);
          },
          restoreStreamEntry(event) {
            if (!run.replaying!.has(event)) run.stream.push(event);
          },
          restoreAnswer: (waiterId, event) => {
            this.state.answers.set(waiterId, event);
            this.state.restoredWaiterIds.delete(waiterId);
          },
          restoreAsked: (waiterId) => this.state.restoredWaiterIds.add(waiterId),
          restoreStore: (store, state) => this.context.store.restore(store, state),
          replayCollect: (step, event, expected) => void collectInto(this.state.collectBuffers, step, event, expected),
        },
        records,
      );
    } finally {
      this.replaying = null;
      this.recorder = recorder;
    }
    const ids = new Map<Execution, string>();
    for (const [id, exec] of executions) ids.set(exec, id);
    // Those that had armed a timer (a step timeout from their start, a retry delay) first, in the order they armed it,
    // so that of two timers that fall due at one instant the same one fires first as in the run carried on; then those
    // that had not started, in the order the reducer made them (the order they would have started in).
    const armedBy = (exec: Execution) => resumed.armedBy.get(exec) ?? Number.POSITIVE_INFINITY;
    const carried = [...held.values()].sort((a, b) => armedBy(a) - armedBy(b));
    this.held = null;
    for (const exec of carried) {
      const id = ids.get(exec);
      if (recorder && id !== undefined) recorder.adopt(exec, id);
      // a retry the journal saw fail but not start again waits out the rest of its delay; its timer is armed from the
      // microtask queue, after the steps queued before it have started and armed theirs
      const due = id === undefined ? resumed.dueAt.get(exec) : undefined;
      if (due === undefined) this.queueStart(exec);
      else
        void nextMicrotask.then(() => {
          if (this.state.status === "running") this.addTimer(() => this.execute(exec), this.msUntil(due));
        });
    }
  }

  /** Every stream entry goes through here, so the journal sees each with its sequence number. */
  private streamPush(event: Event): void {
    if (this.replaying) this.replaying.add(event);
    this.stream.push(event);
    this.recorder?.record({ type: "stream.written", at: this.clock.now(), streamSeq: this.stream.length, event: event.toJSON() });
  }

  /** What a step's completion record carries: the store and state it left, and its own `collectEvents` calls. */
  private completionOf(exec: Execution): { store?: { store: Record<string, unknown>; state: unknown }; collected?: CollectOp[] } {
    const out: { store?: { store: Record<string, unknown>; state: unknown }; collected?: CollectOp[] } = {};
    const store = this.context.store;
    if (store.changes !== this.storeRecordedAt) {
      // only after a change: a completion without one leaves the store as the last record that carried it
      try {
        out.store = store.snapshot();
        this.storeRecordedAt = store.changes;
      } catch {
        // a store that is not JSON cannot travel; the run goes on, a rebuild starts from the last one that could
      }
    }
    const ops = this.collectOps?.get(exec);
    if (ops) {
      out.collected = ops;
      this.collectOps!.delete(exec);
    }
    return out;
  }

  private queueStart(exec: Execution): void {
    startRuns.push(this);
    startExecs.push(exec);
    nextMicrotask.then(WorkflowRun.startOldest);
  }

  private static startOldest(): void {
    const i = startHead++;
    const run = startRuns[i]!;
    const exec = startExecs[i]!;
    if (startHead === startRuns.length) {
      startHead = 0;
      while (startRuns.length > 0) {
        startRuns.pop();
        startExecs.pop();
      }
    } else {
      startRuns[i] = undefined;
      startExecs[i] = undefined;
    }
    run.execute(exec);
  }

  private execute(exec: Execution): void {
    if (this.state.status !== "running" || exec.settled) return;
    if (exec.firstStartedAt < 0) exec.firstStartedAt = this.clock.now();
    const def = exec.slot.def;
    const otelContext = this.tracer?.stepStarted(exec);
    this.log?.stepStarted(exec);
    if (this.recorder) this.recorder.stepStarted(exec, this.clock.now());
    let stepTimer: TimerHandle | undefined;
    if (def.timeoutMs !== null) {
      const ctl = new AbortController();
      const runSignal = this.runController().signal;
      const onRunAbort = () => ctl.abort(runSignal.reason);
      (this.stepSignals ??= new Map()).set(exec, { controller: ctl, onRunAbort });
      runSignal.addEventListener("abort", onRunAbort, { once: true });
      // an attempt a rebuild re-runs has been running since the journal saw it start
      const startedAt = this.resumed?.startedAt.get(exec);
      const timeoutMs = startedAt === undefined ? def.timeoutMs : this.msUntil(startedAt + def.timeoutMs);
      stepTimer = this.addTimer(() => {
        const error = new WorkflowTimeoutError(`Step "${def.name}" timed out after ${def.timeoutMs! / 1000}s (attempt ${exec.attempt})`, [def.name]);
        ctl.abort(error);
        this.finishStep(exec, undefined, error, undefined);
      }, timeoutMs);
    }
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
            def.handler(exec.event, ctx as never, bindToStep(resources, this.signalFor(exec)) as never),
          );
        };
        outcome = otelContext ? runInContext(otelContext, invoke) : invoke();
      }
    } catch (error) {
      this.finishStep(exec, undefined, thrownByStep(def.name, error), stepTimer, callResources);
      return;
    }
    if (isThenable(outcome)) {
      outcome.then(
        (result) => this.finishStep(exec, result, undefined, stepTimer, callResources),
        (error: unknown) => this.finishStep(exec, undefined, thrownByStep(def.name, error), stepTimer, callResources),
      );
    } else {
      this.finishStep(exec, outcome, undefined, stepTimer, callResources);
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

  private finishStep(
    exec: Execution,
    result: unknown,
    error: unknown,
    stepTimer: TimerHandle | undefined,
    callResources?: ResourceCache,
  ): void {
    if (callResources) this.disposeLater(callResources);
    if (exec.settled) return;
    this.clearTimer(stepTimer);
    const stepSignal = this.stepSignals?.get(exec);
    if (stepSignal) {
      // every attempt with a timeout listens on the run's signal: a listener left behind per step would pile up
      this.controller?.signal.removeEventListener("abort", stepSignal.onRunAbort);
      this.stepSignals!.delete(exec);
    }
    const failed = error !== undefined;
    const running = this.state.status === "running";
    let retry: { delayMs: number } | null = null;
    let recover: StepFailedEvent | undefined;
    if (failed && running) {
      const def = exec.slot.def;
      const elapsedMs = this.clock.now() - exec.firstStartedAt;
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
    if (this.tracer || this.log) {
      // Recorded before the step's span ends, so the consumer's link points at this step.
      if (!failed && running) {
        const events = Array.isArray(result) ? result : [result];
        for (const ev of events) {
          if (!(ev instanceof Event) || !returnsEvent(exec.slot.def, ev)) continue;
          this.tracer?.eventEmitted(exec, ev, "returned");
          if (!(ev instanceof StopEvent)) this.log?.eventEmitted(exec, ev, "returned");
        }
      }
      const willRetry = retry !== null;
      const aborted = failed && !running;
      this.tracer?.stepEnded(exec, failed ? { error, willRetry, aborted } : { result });
      this.log?.stepEnded(exec, failed ? { error, willRetry } : { result });
    }
    this.dispatch(failed ? { kind: "stepFailed", exec, error, retry, recover } : { kind: "stepDone", exec, result });
  }

  sendEvent(event: Event, options: SendEventOptions | undefined, from: Execution | null): void {
    if (!(event instanceof Event)) throw new TypeError(`sendEvent: expected an event, got ${typeof event}`);
    const where = from ? `step "${from.slot.def.name}"` : "outside the workflow";
    if (this.state.status !== "running") {
      throw new WorkflowRuntimeError(`sendEvent(${event.eventName}) from ${where}: the run is ${this.state.status}`);
    }
    if (from && !returnsEvent(from.slot.def, event)) {
      const declared = from.slot.def.returns.map((c) => c.eventName).join(", ") || "nothing";
      throw new WorkflowRuntimeError(`Step "${from.slot.def.name}" sent ${event.eventName}, which it does not declare (returns: ${declared})`);
    }
    const target = options?.step;
    if (target !== undefined) {
      const def = this.state.steps.get(target);
      if (!def) throw new WorkflowRuntimeError(`sendEvent(${event.eventName}, { step: "${target}" }): no such step (steps: ${[...this.state.steps.keys()].join(", ")})`);
      if (!acceptsEvent(def, event)) {
        const accepts = def.accepts.map((c) => c.eventName).join(", ");
        throw new WorkflowRuntimeError(`sendEvent(${event.eventName}, { step: "${target}" }): that step does not accept it (accepts: ${accepts})`);
      }
    }
    if (event instanceof HumanResponseEvent) this.askingHuman = false;
    this.tracer?.eventEmitted(from, event, "sent");
    this.log?.eventEmitted(from, event, "sent");
    this.dispatch({ kind: "event", event, target, from: from ?? undefined });
  }

  writeToStream(event: Event, from: Execution | null): void {
    if (!(event instanceof Event)) throw new TypeError(`writeEventToStream: expected an event, got ${typeof event}`);
    if (this.state.status !== "running") return;
    if (event instanceof InputRequiredEvent) this.askingHuman = true;
    this.tracer?.eventEmitted(from, event, "stream");
    this.log?.eventEmitted(from, event, "stream");
    this.streamPush(event);
  }

  collectEvents(exec: Execution, event: Event, expected: readonly AnyEventClass[]): Event[] | null {
    const def = exec.slot.def;
    if (!acceptsEvent(def, event)) {
      // a snapshot refuses a collected event its step does not accept, so none may be collected either
      const accepts = def.accepts.map((c) => c.eventName).join(", ");
      throw new WorkflowRuntimeError(`collectEvents(${event.eventName}) in step "${def.name}": that step does not accept it (accepts: ${accepts})`);
    }
    if (this.recorder) {
      // journaled with the step's completion, so a rebuild applies the collects of completed steps only
      let ops = (this.collectOps ??= new Map()).get(exec);
      if (!ops) this.collectOps.set(exec, (ops = []));
      ops.push({ event: event.toJSON(), expected: expected.map((c) => c.eventName) });
    }
    return collectInto(this.state.collectBuffers, def.name, event, expected);
  }

  waitForEvent<E extends Event>(exec: Execution | null, eventClass: AnyEventClass<E>, options: WaitForEventOptions<E>): Promise<E> {
    if (this.state.status !== "running") {
      return Promise.reject(new WorkflowRuntimeError(`waitForEvent(${eventClass.eventName}): the run is ${this.state.status}`));
    }
    const stepName = exec ? exec.slot.def.name : OUTSIDE;
    const id = exec ? waiterId(stepName, exec.event, ++exec.waits) : `outside:${Math.random().toString(36).slice(2)}`;
    const answered = this.state.answers.get(id);
    if (answered) return Promise.resolve(answered as E);
    const requirements = options.requirements as Record<string, unknown> | undefined;
    const parked = takeParked(this.state, { eventClass, requirements });
    if (parked) {
      if (exec) this.state.answers.set(id, parked);
      return Promise.resolve(parked as E);
    }
    const askedBefore = this.state.restoredWaiterIds.delete(id);
    let timer: TimerHandle | undefined;
    const promise = new Promise<E>((resolve, reject) => {
      const waiter: Waiter = {
        id,
        eventClass,
        requirements,
        stepName,
        resolve: (ev) => {
          this.clearTimer(timer);
          resolve(ev as E);
        },
        reject: (error) => {
          this.clearTimer(timer);
          reject(error);
        },
      };
      this.state.waiters.push(waiter);
      if (this.recorder) {
        this.recorder.record({
          type: "wait.begun",
          at: this.clock.now(),
          waiterId: id,
          step: stepName,
          eventType: eventClass.eventName,
          ...(requirements ? { requirements } : {}),
          ...(options.timeout !== undefined ? { timeoutMs: options.timeout * 1000 } : {}),
        });
      }
      if (options.timeout !== undefined) {
        // a wait a rebuilt run's step asks again times out when the wait it carries on would have
        const deadline = this.resumed?.waitDeadlines.get(id);
        timer = this.addTimer(() => {
          const at = this.state.waiters.indexOf(waiter);
          if (at >= 0) this.state.waiters.splice(at, 1);
          this.recorder?.record({ type: "wait.timedOut", at: this.clock.now(), waiterId: id });
          reject(new WorkflowTimeoutError(`waitForEvent(${eventClass.eventName}) in ${stepName} timed out after ${options.timeout}s`, [stepName]));
        }, deadline === undefined ? options.timeout * 1000 : this.msUntil(deadline));
      }
    });
    promise.catch(noop);
    if (options.waiterEvent && !askedBefore) this.writeToStream(options.waiterEvent, exec);
    return promise;
  }

  cancel(reason?: unknown): void {
    this.dispatch({ kind: "cancel", reason });
  }

  /** Plain JSON of the run: in-progress inputs are queued again (their steps re-run on resume). */
  snapshot(): RunSnapshot {
    const queues: RunSnapshot["queues"] = {};
    const active = [...this.state.active].sort((a, b) => a.id - b.id);
    for (const name of this.state.steps.keys()) {
      const slot = this.state.slots.get(name);
      if (!slot) continue;
      const events = [...active.filter((e) => e.slot === slot).map((e) => e.event), ...slot.queue.toArray()];
      if (events.length) queues[name] = events.map((e) => e.toJSON());
    }
    const collectBuffers: RunSnapshot["collectBuffers"] = {};
    for (const [name, events] of this.state.collectBuffers) if (events.length) collectBuffers[name] = events.map((e) => e.toJSON());
    const waiters: RunSnapshot["waiters"] = this.state.waiters
      .filter((w) => w.stepName !== OUTSIDE)
      .map((w) => ({ id: w.id, step: w.stepName, eventType: w.eventClass.eventName, requirements: w.requirements as Record<string, unknown> | undefined }));
    for (const id of this.state.restoredWaiterIds) waiters.push({ id, step: id.split(":")[0], eventType: "", requirements: undefined });
    return {
      runId: this.runId,
      queues,
      collectBuffers,
      waiters,
      parked: this.state.parked.map((e) => e.toJSON()),
      traceparent: this.tracer?.traceparent(),
    };
  }

  private restore(snapshot: RunSnapshot): void {
    const registry = this.host.registry;
    for (const [step, events] of Object.entries(snapshot.collectBuffers)) {
      this.state.collectBuffers.set(step, events.map((e) => registry.fromJSON(e)));
    }
    for (const e of snapshot.parked) this.state.parked.push(registry.fromJSON(e));
    for (const w of snapshot.waiters) this.state.restoredWaiterIds.add(w.id);
    for (const [step, events] of Object.entries(snapshot.queues)) {
      for (const e of events) this.dispatch({ kind: "event", event: registry.fromJSON(e), target: step });
    }
  }

  private end(outcome: Outcome): void {
    if (this.runTimer !== undefined) this.clock.clearTimer(this.runTimer);
    if (this.timers) for (const timer of this.timers) this.clock.clearTimer(timer);
    this.timers?.clear();
    this.detachSignal();
    const failed = "error" in outcome;
    const waitingForInput = this.askingHuman || this.state.waiters.length > 0;
    this.ended = failed ? { failure: { error: outcome.error } } : {};
    if (this.state.waiters.length > 0) {
      const endError = this.endError();
      for (const waiter of this.state.waiters.splice(0)) waiter.reject(endError);
    }
    this.controller?.abort(this.endError());
    const result = failed ? undefined : resultOf(outcome.stop);
    if (this.tracer) {
      // The stop event gets no span event on the run span (its result is the run's output.value). It used to be added
      // after the span had ended, where it was dropped — and the SDK built an Error per run to warn about it.
      const status = this.state.status === "cancelled" ? "cancelled" : "failed";
      this.tracer.runEnded(
        failed ? { status, error: outcome.error, waitingForInput } : { status: "completed", result },
        this.state.active,
      );
    }
    this.log?.runEnded(this.state.status, failed ? outcome.error : undefined);
    if (failed) {
      this.stream.close({ error: outcome.error });
    } else {
      this.streamPush(outcome.stop);
      this.stream.close();
    }
    if (this.recorder) {
      const status = this.state.status as "completed" | "failed" | "cancelled";
      const at = this.clock.now();
      this.recorder.record(failed ? { type: "run.ended", at, status, error: errorJSON(outcome.error) } : { type: "run.ended", at, status, result: outcome.stop.toJSON() });
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
