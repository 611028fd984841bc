import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { DBOS, type WorkflowHandle } from "@dbos-inc/dbos-sdk";
import { context as otelContext } from "@opentelemetry/api";
import pg from "pg";
import {
  systemClock,
  type Clock,
  type ContextDict,
  type Event,
  type EventRegistry,
  type Journal,
  type JournalRecord,
  type RunIdentity,
  type Runtime,
  type WorkflowHandler,
} from "@weft/workflows";
import { dbosWorkflowName, queueName, registryOf, shapeVersion, type AnyWorkflow, type DurableWorkflow } from "./runs/durable-workflow.js";
import { InboxPump, type MailboxRun } from "./runs/inbox-pump.js";
import { outcomeOf, type RunOutcome } from "./runs/run-outcome.js";
import { callerTraceparent, contextOf, loadTraceContext, saveTraceparent } from "./runs/run-trace.js";
import { postMessage } from "./store/inbox.js";
import { loadJournal, PgJournal } from "./store/pg-journal.js";
import { createTables } from "./store/schema.js";
import { DBOSServedRuns } from "./serving/served-runs.js";
import type { ServedRuns } from "./serving/served-shapes.js";
import { ExecutorWatch } from "./workers/executor-watch.js";
import { recoverExecutor } from "./workers/recover-executor.js";

export interface DBOSRuntimeOptions {
  /** The PostgreSQL that holds DBOS's system tables and Weft's journals: `postgres://…`. */
  databaseUrl: string;
  /** The workflows this process can run (every worker sharing runs must be given the same ones). */
  workflows: readonly DurableWorkflow[];
  /** This worker's DBOS executor id. Default: unique per process (`weft-<host>-<pid>-<random>`). */
  executorId?: string;
  /** DBOS application name: workers with the same name share runs. Default `"weft"`. */
  appName?: string;
  /**
   * Runs of one workflow this worker executes at once (its queue's per-worker concurrency). Default: the
   * workflow's `numConcurrentRuns`, else 10.
   */
  concurrency?: number;
  /**
   * DBOS's application version: a worker takes only runs of its own version. Default: a hash of the workflows'
   * names and steps, so workers with the same workflows share runs however their code was built or loaded.
   */
  applicationVersion?: string;
  /** How often this worker beats (ms); default 2000. */
  heartbeatMs?: number;
  /** Silence after which a worker is dead and its runs move to the living (ms); default 10000. */
  deadAfterMs?: number;
  /** How often queues and mailboxes are polled (ms); default 200. */
  pollMs?: number;
  /**
   * Whether this process takes runs from the queues (default true). False makes a client: it starts runs, sends
   * events, reads results, and runs only what it starts itself with `workflow.run(…, { runtime })`.
   */
  worker?: boolean;
  /** DBOS's log level; default `"warn"`. */
  logLevel?: string;
  /** Told about failures no caller is waiting on (a message that could not be delivered). Default `console.error`. */
  onError?: (error: unknown) => void;
}

/** What `start` takes besides the input. */
export interface StartOptions {
  /** The run's handler id (DBOS workflow id); a repeated id starts nothing new. Default: a fresh UUID. */
  handlerId?: string;
}

/** A run as DBOS knows it. */
export type RunStatus = "queued" | "running" | "completed" | "failed" | "cancelled";

/** What a queued run's DBOS workflow is given: the start event's fields and the trace context of its caller. */
interface QueuedInput {
  fields?: Record<string, unknown>;
  traceparent?: string;
}

let launched = false;

/**
 * Weft runs on DBOS Transact. Each run is one DBOS workflow (its id is the run's handler id) on a queue per Weft
 * workflow; the run's Weft journal is its checkpoint, kept in PostgreSQL record by record. A DBOS workflow that
 * DBOS recovers rebuilds the run from its journal (`workflow.rebuild`) and carries it on: completed steps do not
 * run again, the step in flight runs again. Use it as the `runtime` of `workflow.run(input, { runtime })` (the run
 * executes here, and a worker carries it on if this process dies), or `start()` a run on the queue for any worker.
 */
export class DBOSRuntime implements Runtime {
  readonly clock: Clock = systemClock;
  private readonly workflows = new Map<string, { workflow: AnyWorkflow; registry: EventRegistry; fn: (input: QueuedInput | null) => Promise<RunOutcome> }>();
  /** Runs executing in this worker from a queue or a recovery. */
  private readonly live = new Map<string, MailboxRun>();
  /** Runs started here by `workflow.run(…, { runtime })`: their DBOS workflow waits on their journal. */
  private readonly local = new Map<string, { journal: PgJournal; owner: Promise<WorkflowHandle<RunOutcome>> }>();
  private readonly pool: pg.Pool;
  private readonly inbox: InboxPump;
  private readonly watch: ExecutorWatch;
  private readonly report: (error: unknown) => void;
  private closed = false;

  private constructor(
    private readonly options: DBOSRuntimeOptions,
    readonly executorId: string,
  ) {
    this.report = options.onError ?? ((error: unknown) => console.error("[weft dbos]", error));
    this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 5 });
    this.pool.on("error", this.report);
    this.inbox = new InboxPump(this.pool, this.live, options.pollMs ?? 200, this.report);
    this.watch = new ExecutorWatch(this.pool, executorId, {
      beatMs: options.heartbeatMs ?? 2000,
      deadAfterMs: options.deadAfterMs ?? 10_000,
      recover: (dead) => recoverExecutor(dead, (workflowName) => this.queueOf(workflowName)),
      onError: this.report,
    });
  }

  /** Starts DBOS in this process (one per process) with the given workflows; this process becomes a worker. */
  static async launch(options: DBOSRuntimeOptions): Promise<DBOSRuntime> {
    if (launched) throw new Error("DBOSRuntime.launch: DBOS runs once per process, and it is launched already (close() the other runtime first)");
    if (!/^postgres(ql)?:\/\//i.test(options.databaseUrl ?? "")) {
      throw new TypeError(`DBOSRuntime.launch: databaseUrl must be a postgres:// URL (got ${JSON.stringify(options.databaseUrl)})`);
    }
    const executorId = options.executorId ?? `weft-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    const runtime = new DBOSRuntime(options, executorId);
    launched = true;
    try {
      await runtime.begin();
    } catch (error) {
      launched = false;
      await runtime.watch.stop(false).catch(() => undefined);
      await runtime.pool.end().catch(() => undefined);
      throw error;
    }
    return runtime;
  }

  private async begin(): Promise<void> {
    for (const servable of this.options.workflows) {
      const workflow = servable as AnyWorkflow;
      workflow.validate();
      if (this.workflows.has(workflow.name)) throw new TypeError(`DBOSRuntime.launch: two workflows are named "${workflow.name}"`);
      const fn = DBOS.registerWorkflow((input: QueuedInput | null) => this.body(workflow, input), {
        name: dbosWorkflowName(workflow.name),
        // recovery is how a run survives its worker: never give up on a run for being recovered often
        maxRecoveryAttempts: 1_000_000,
      });
      this.workflows.set(workflow.name, { workflow, registry: registryOf(workflow), fn });
    }
    await createTables(this.pool);
    await this.watch.start();
    DBOS.setConfig({
      name: this.options.appName ?? "weft",
      systemDatabaseUrl: this.options.databaseUrl,
      executorID: this.executorId,
      applicationVersion: this.options.applicationVersion ?? shapeVersion([...this.workflows.values()].map((e) => e.workflow)),
      logLevel: this.options.logLevel ?? "warn",
      // Weft's spans are the trace: DBOS adds none of its own
      tracingEnabled: false,
      enableOTLP: false,
      ...(this.options.worker === false ? { listenQueues: [] } : {}),
    });
    await DBOS.launch();
    const pollMs = this.options.pollMs ?? 200;
    // each queue is two round trips: registered side by side, a worker with many workflows starts no slower
    await Promise.all(
      [...this.workflows.values()].map(({ workflow }) => {
        const workerConcurrency = this.options.concurrency ?? workflow.numConcurrentRuns ?? 10;
        return DBOS.registerQueue(queueName(workflow.name), { workerConcurrency, minPollingIntervalMs: pollMs, onConflict: "always_update" });
      }),
    );
    this.inbox.start();
    this.watch.watchOthers();
  }

  private queueOf(dbosName: string): string | undefined {
    const name = dbosName.startsWith("weft:") ? dbosName.slice(5) : undefined;
    return name !== undefined && this.workflows.has(name) ? queueName(name) : undefined;
  }

  private entry(workflowName: string) {
    const entry = this.workflows.get(workflowName);
    if (!entry) {
      throw new TypeError(`workflow "${workflowName}" was not given to DBOSRuntime.launch (it has: ${[...this.workflows.keys()].join(", ") || "none"})`);
    }
    return entry;
  }

  /** The DBOS workflow of a run: wait for the run started here, or rebuild it from its journal and carry it on. */
  private async body(workflow: AnyWorkflow, input: QueuedInput | null): Promise<RunOutcome> {
    const handlerId = DBOS.workflowID!;
    const local = this.local.get(handlerId);
    if (local) return outcomeOf(await local.journal.ended);
    const records = await loadJournal(this.pool, handlerId);
    // the run ended, and its worker died before DBOS stored the workflow's output
    const last = records.at(-1);
    if (last?.type === "run.ended") return outcomeOf(last);
    if (records.length === 0 && input === null) {
      // started by `workflow.run(…, { runtime })` in a process that died before the run's first record was stored
      return { status: "failed", error: `run ${handlerId} cannot be carried on: its process died before its first record was stored` };
    }
    const journal = new PgJournal(this.pool, handlerId);
    const runtime: Runtime = { clock: this.clock, journalFor: () => journal };
    const { fields, traceparent } = input ?? {};
    // a fresh run is a child of the span that started it; a recovered one continues the trace of its first execution
    const parent = records.length > 0 ? await loadTraceContext(this.pool, handlerId) : contextOf(traceparent);
    let handler: WorkflowHandler<unknown, unknown>;
    try {
      const begin = () => (records.length > 0 ? workflow.rebuild(records, { runtime }) : workflow.run(fields ?? {}, { runtime }));
      handler = parent ? otelContext.with(parent, begin) : begin();
    } catch (error) {
      // a journal that no longer fits the workflow (its code changed): the run fails with the reason instead of hanging
      return { status: "failed", error: `could not ${records.length > 0 ? "resume" : "start"} run ${handlerId}: ${error instanceof Error ? error.message : String(error)}` };
    }
    handler.catch(() => undefined);
    // the snapshot of a run that just began is its start event; its traceparent is undefined when nothing traces
    if (records.length === 0) void saveTraceparent(this.pool, handlerId, (handler.ctx.toDict() as ContextDict).run?.traceparent).catch(this.report);
    this.live.set(handlerId, { handler, journal, registry: this.entry(workflow.name).registry });
    void this.inbox.poll();
    try {
      return outcomeOf(await journal.ended);
    } catch (error) {
      // nothing it does is recorded any more (PostgreSQL failed, or another worker holds the run): it stops here
      handler.cancel(`journal write failed: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    } finally {
      this.live.delete(handlerId);
    }
  }

  /**
   * `Runtime`: a run started here with `workflow.run(input, { runtime })` executes in this process, owned by a DBOS
   * workflow of the same id; its records go to PostgreSQL, after the DBOS workflow is stored. If this process dies,
   * a living worker carries the run on from its journal.
   */
  journalFor(run: RunIdentity): Journal {
    if (this.closed) throw new Error("DBOSRuntime: closed");
    const { fn } = this.entry(run.workflowName);
    // DBOS calls the workflow function only after storing it, asynchronously: the run is in `local` by then
    const owner = DBOS.startWorkflow(fn, { workflowID: run.runId })(null);
    const journal = new PgJournal(this.pool, run.runId, owner);
    this.local.set(run.runId, { journal, owner });
    void owner.then((handle) => handle.getResult()).finally(() => this.local.delete(run.runId)).catch(() => undefined);
    return journal;
  }

  /** Puts a run on its workflow's queue; any worker runs it. Returns its handler id. */
  async start(workflowName: string, input: Record<string, unknown> = {}, options: StartOptions = {}): Promise<string> {
    const { workflow, fn } = this.entry(workflowName);
    // built once here so a bad field fails the caller, naming it, instead of the run on some worker
    new (workflow.startEventClass as unknown as new (fields: object) => Event)(input);
    const handlerId = options.handlerId ?? randomUUID();
    await DBOS.startWorkflow(fn, { workflowID: handlerId, queueName: queueName(workflowName) })({ fields: input, traceparent: callerTraceparent() });
    return handlerId;
  }

  /** Waits for a run's end. */
  async result(handlerId: string, options: { pollMs?: number } = {}): Promise<RunOutcome> {
    try {
      // a run started here is awaited in memory; any other is polled for in the database
      const local = this.local.get(handlerId);
      if (local) return await (await local.owner).getResult();
      return await DBOS.retrieveWorkflow<RunOutcome>(handlerId).getResult({ pollingIntervalMs: options.pollMs ?? this.options.pollMs ?? 200 });
    } catch (error) {
      return { status: "failed", error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Where a run stands; undefined for an unknown handler id. */
  async status(handlerId: string): Promise<RunStatus | undefined> {
    const status = await DBOS.getWorkflowStatus(handlerId);
    if (!status) return undefined;
    switch (status.status) {
      case "SUCCESS":
        return ((status.output as RunOutcome | undefined)?.status ?? "completed") as RunStatus;
      case "ERROR":
      case "MAX_RECOVERY_ATTEMPTS_EXCEEDED":
        return "failed";
      case "CANCELLED":
        return "cancelled";
      case "PENDING":
        return "running";
      default:
        return "queued";
    }
  }

  /**
   * Sends an event to a run, durably: it waits in PostgreSQL until the worker holding the run has journaled it, so
   * a crash between loses nothing and delivers it once. Throws naming what is wrong for an unknown run, a run that
   * ended, an event type the workflow does not use, a field that fails its schema, or an unknown step.
   */
  async sendEvent(handlerId: string, envelope: { type: string; data?: Record<string, unknown> }, options: { step?: string } = {}): Promise<void> {
    const workflowName = await this.openRun(handlerId);
    const { workflow, registry } = this.entry(workflowName);
    const event = registry.fromJSON({ type: envelope.type, id: undefined as unknown as string, data: envelope.data ?? {} });
    if (options.step !== undefined && !workflow.steps.some((s) => s.name === options.step)) {
      throw new TypeError(`step: workflow "${workflowName}" has no step "${options.step}"`);
    }
    await postMessage(this.pool, handlerId, options.step === undefined ? { kind: "event", event: event.toJSON() } : { kind: "event", event: event.toJSON(), step: options.step });
  }

  /** Cancels a run, durably (the worker holding it cancels it; a queued run is cancelled when it starts). */
  async cancel(handlerId: string, reason?: string): Promise<void> {
    await this.openRun(handlerId);
    await postMessage(this.pool, handlerId, reason === undefined ? { kind: "cancel" } : { kind: "cancel", reason });
  }

  /** The Weft workflow of a run that has not ended. */
  private async openRun(handlerId: string): Promise<string> {
    const status = await DBOS.getWorkflowStatus(handlerId);
    const name = status?.workflowName.startsWith("weft:") ? status.workflowName.slice(5) : undefined;
    if (!status || name === undefined) throw new Error(`no run "${handlerId}"`);
    if (status.status === "SUCCESS" || status.status === "ERROR" || status.status === "CANCELLED") {
      throw new Error(`run "${handlerId}" has ended`);
    }
    return name;
  }

  /**
   * `@weft/server`'s runs on DBOS, for `createServer({ workflows, runtime })`: the routes start runs on their
   * queues, read records, entries and contexts from PostgreSQL and send events through the mailbox, so the server
   * keeps no run state and any number of servers and workers share the runs. Throws naming a workflow this runtime
   * was not launched with.
   */
  serverRuns(workflowNames: readonly string[]): ServedRuns {
    for (const name of workflowNames) this.entry(name);
    return new DBOSServedRuns({
      pool: this.pool,
      clock: this.clock,
      pollMs: this.options.pollMs ?? 200,
      workflows: [...workflowNames],
      lookup: (name) => this.entry(name),
      start: (name, input, handlerId) => this.start(name, input, { handlerId }),
      held: (handlerId) => this.live.get(handlerId)?.handler,
      readMailbox: () => void this.inbox.poll(),
      onError: this.report,
    });
  }

  /** A run's journal as stored. */
  journal(handlerId: string): Promise<JournalRecord[]> {
    return loadJournal(this.pool, handlerId);
  }

  /**
   * Stops this worker: its runs stop recording and are dropped from memory, it says it is dead, and the living
   * workers carry its unfinished runs on from their journals at their next beat.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.inbox.stop();
    for (const run of this.live.values()) {
      run.journal.stop();
      run.handler.cancel("worker closed");
    }
    for (const { journal } of this.local.values()) journal.stop();
    await DBOS.shutdown({ deregister: true });
    await this.watch.stop(true).catch(this.report);
    await this.pool.end();
    launched = false;
  }
}
