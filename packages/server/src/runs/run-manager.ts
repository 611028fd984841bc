import { randomUUID } from "node:crypto";
import { ROOT_CONTEXT, type Context as OtelContext } from "@opentelemetry/api";
import type { Event } from "@weft/workflows";
import { EntryFeed } from "./entry-feed.js";
import type { DrivenRun, EventEnvelope, RunDriver, RunOutcome } from "./run-driver.js";
import { isFinal, type HandlerFilter, type HandlerRecord, type RunStore, type StreamEntry } from "../store/run-store.js";

export interface RunManagerOptions {
  /** Milliseconds a run may wait for an outside event before it leaves memory (it comes back when the event arrives). */
  idleTimeoutMs: number;
  /** The clock, in epoch milliseconds: tests move it instead of sleeping. */
  clock?: () => number;
  /** Called with store failures that no request is waiting on (a failed snapshot write). */
  onError?: (error: unknown) => void;
}

/** A run held in this process. */
interface LiveRun {
  record: HandlerRecord;
  run: DrivenRun;
  /** Store writes for this run, in order. */
  writes: Promise<void>;
  lastSeq: number;
  /** When the run began waiting for an outside event (clock ms), or null. */
  waitingSince: number | null;
  snapshotQueued: boolean;
  ended: boolean;
  /**
   * Entries written after the snapshot this run resumed from: steps that were in flight write them again, and an
   * entry that matches the next one here is the same entry, not a new one (so a reader sees it once).
   */
  replay: EventEnvelope[];
}

/** What the store keeps as a run's snapshot: the engine's, and how many entries the stream had at that moment. */
interface Checkpoint {
  context: unknown;
  seq: number;
}

/** Why a request about a run cannot be served; the routes map `kind` to a status code. */
export class RunError extends Error {
  constructor(
    readonly kind: "not_found" | "conflict" | "invalid",
    message: string,
  ) {
    super(message);
    this.name = "RunError";
  }
}

const PAGE = 500;

/**
 * Owns the runs: starts and resumes them through the driver, numbers their stream entries, writes records, entries
 * and snapshots to the store in order, releases idle waiting runs from memory and brings them back on demand.
 */
export class RunManager {
  readonly feed = new EntryFeed();
  private readonly live = new Map<string, LiveRun>();
  /** Runs being brought back from the store, so two events for one released run resume it once. */
  private readonly resuming = new Map<string, Promise<LiveRun>>();
  private readonly clock: () => number;
  private closed = false;

  constructor(
    private readonly driver: RunDriver,
    private readonly store: RunStore,
    private readonly options: RunManagerOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /** How many runs are in memory now. */
  get liveCount(): number {
    return this.live.size;
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }

  /**
   * Starts a run, or — when `handlerId` names one already — returns that one's record and starts nothing. `start` is
   * the validated start event; `parent` the OpenTelemetry context the run span is a child of.
   */
  async start(workflowName: string, start: Event, handlerId: string | undefined, parent: OtelContext = ROOT_CONTEXT): Promise<HandlerRecord> {
    const id = handlerId ?? randomUUID();
    if (handlerId !== undefined) {
      const existing = this.live.get(id)?.record ?? (await this.store.getHandler(id));
      if (existing) return this.sameWorkflow(existing, workflowName);
      const raced = this.live.get(id);
      if (raced) return this.sameWorkflow(raced.record, workflowName);
    }
    const at = this.now();
    const record: HandlerRecord = {
      handler_id: id,
      workflow_name: workflowName,
      status: "running",
      started_at: at,
      updated_at: at,
      completed_at: null,
    };
    const live = this.attach(record, 0, [], (hooks) => this.driver.start(workflowName, start, hooks, parent));
    const checkpoint = this.checkpoint(live);
    const traceId = this.driver.traceIdOf(checkpoint.context);
    if (traceId) record.trace_id = traceId;
    // first in the run's write chain: no entry, snapshot or end of this run reaches the store before its row
    const creating = this.store.createHandler({ ...record }, checkpoint);
    live.writes = creating.then(noop, noop);
    let created: boolean;
    try {
      created = await creating;
    } catch (error) {
      live.run.release();
      this.live.delete(id);
      throw error;
    }
    if (!created) {
      // another process (sharing the store) took the id between our read and our write
      live.run.release();
      this.live.delete(id);
      return this.sameWorkflow((await this.store.getHandler(id))!, workflowName);
    }
    return { ...record };
  }

  private sameWorkflow(record: HandlerRecord, workflowName: string): HandlerRecord {
    if (record.workflow_name !== workflowName) {
      throw new RunError("conflict", `handler_id "${record.handler_id}" belongs to a run of workflow "${record.workflow_name}"`);
    }
    return { ...record };
  }

  /** Makes a run live: pumps its stream into the store and records its end. */
  private attach(record: HandlerRecord, lastSeq: number, replay: EventEnvelope[], begin: (hooks: { stepEnded(): void }) => DrivenRun): LiveRun {
    const live = { record, writes: Promise.resolve(), lastSeq, waitingSince: null, snapshotQueued: false, ended: false, replay } as unknown as LiveRun;
    live.run = begin({ stepEnded: () => this.queueSnapshot(live) });
    this.live.set(record.handler_id, live);
    const pumped = this.pump(live);
    void Promise.all([pumped, live.run.outcome]).then(([, outcome]) => this.finish(live, outcome));
    return live;
  }

  private write(live: LiveRun, op: () => Promise<void>): Promise<void> {
    live.writes = live.writes.then(op).catch((error: unknown) => this.options.onError?.(error));
    return live.writes;
  }

  private async pump(live: LiveRun): Promise<void> {
    for await (const envelope of live.run.entries) {
      if (live.replay.length > 0) {
        if (sameEnvelope(live.replay[0], envelope)) {
          live.replay.shift();
          continue;
        }
        live.replay = [];
      }
      const entry: StreamEntry = { seq: ++live.lastSeq, type: envelope.type, data: envelope.data };
      const id = live.record.handler_id;
      void this.write(live, () => this.store.appendEntry(id, entry)).then(() => this.feed.notify(id));
      if (envelope.type === "InputRequiredEvent") {
        live.waitingSince = this.clock();
        live.record = { ...live.record, status: "waiting", updated_at: this.now() };
        this.queueSnapshot(live);
      }
    }
  }

  /** Saves a snapshot (with the record) once the engine has taken in what just happened. */
  private queueSnapshot(live: LiveRun): void {
    if (live.snapshotQueued || live.ended) return;
    live.snapshotQueued = true;
    setImmediate(() => {
      live.snapshotQueued = false;
      if (live.ended || this.live.get(live.record.handler_id) !== live) return;
      const snapshot = this.checkpoint(live);
      const record = { ...live.record };
      void this.write(live, () => this.store.updateHandler(record, snapshot));
    });
  }

  private finish(live: LiveRun, outcome: RunOutcome): Promise<void> {
    live.ended = true;
    const at = this.now();
    const record: HandlerRecord = { ...live.record, status: outcome.status, updated_at: at, completed_at: at };
    if (outcome.status === "completed") record.result = outcome.result;
    else record.error = outcome.error;
    live.record = record;
    const id = record.handler_id;
    return this.write(live, async () => {
      await this.store.updateHandler(record, null);
      if (this.live.get(id) === live) this.live.delete(id);
      this.feed.notify(id);
    });
  }

  /** The record, from memory when the run is live. */
  async handler(handlerId: string): Promise<HandlerRecord> {
    const record = this.live.get(handlerId)?.record ?? (await this.store.getHandler(handlerId));
    if (!record) throw new RunError("not_found", `no handler "${handlerId}"`);
    return { ...record };
  }

  /** The run's context as `ctx.toDict()` gives it (state, store, events in flight): live while in memory, else as last saved; null once ended. */
  async context(handlerId: string): Promise<unknown> {
    const live = this.live.get(handlerId);
    if (live && !live.ended) return live.run.snapshot();
    await this.handler(handlerId);
    return (await this.store.loadSnapshot(handlerId)) ?? null;
  }

  async handlers(filter: HandlerFilter): Promise<HandlerRecord[]> {
    const stored = await this.store.listHandlers({ workflow_name: filter.workflow_name });
    const out: HandlerRecord[] = [];
    for (const r of stored) {
      const record = this.live.get(r.handler_id)?.record ?? r;
      if (!filter.status || record.status === filter.status) out.push({ ...record });
    }
    return out;
  }

  /** Resolves with the record once the run has ended. */
  async waitForEnd(handlerId: string, signal?: AbortSignal): Promise<HandlerRecord> {
    for (;;) {
      const alarm = this.feed.arm(handlerId, 30_000, signal);
      try {
        const record = await this.handler(handlerId);
        if (isFinal(record.status) || signal?.aborted || this.closed) return record;
        await alarm.woken;
      } finally {
        alarm.disarm();
      }
    }
  }

  /** Delivers an outside event; a released run comes back from the store first. */
  async deliver(handlerId: string, envelope: EventEnvelope, step: string | undefined): Promise<void> {
    const record = await this.handler(handlerId);
    if (isFinal(record.status)) throw new RunError("conflict", `handler "${handlerId}" has ended (${record.status})`);
    // validate before bringing anything back: a bad event must not cost a resume
    const event = this.driver.parseEvent(record.workflow_name, envelope);
    if (step !== undefined && !this.driver.workflow(record.workflow_name)!.steps.some((s) => s.name === step)) {
      throw new RunError("invalid", `step: workflow "${record.workflow_name}" has no step "${step}"`);
    }
    const live = this.live.get(handlerId) ?? (await this.bringBack(record));
    if (live.ended) throw new RunError("conflict", `handler "${handlerId}" has ended (${live.record.status})`);
    try {
      live.run.deliver(event, step);
    } catch (error) {
      throw new RunError("invalid", error instanceof Error ? error.message : String(error));
    }
    if (live.record.status === "waiting") {
      live.waitingSince = null;
      live.record = { ...live.record, status: "running", updated_at: this.now() };
      this.feed.notify(handlerId);
    }
    this.queueSnapshot(live);
  }

  /** Resumes a run kept in the store (released, or left by an earlier process). */
  private bringBack(record: HandlerRecord): Promise<LiveRun> {
    const id = record.handler_id;
    let pending = this.resuming.get(id);
    if (!pending) {
      pending = (async () => {
        const [stored, lastSeq] = await Promise.all([this.store.loadSnapshot(id), this.store.lastSeq(id)]);
        const checkpoint = stored as Checkpoint | undefined;
        if (!checkpoint) throw new Error(`handler "${id}" has no snapshot to resume from`);
        const replay = (await this.store.entries(id, checkpoint.seq, Number.MAX_SAFE_INTEGER)).map(({ type, data }) => ({ type, data }));
        const existing = this.live.get(id);
        if (existing) return existing;
        const live = this.attach({ ...record }, lastSeq, replay, (hooks) => this.driver.resume(record.workflow_name, checkpoint.context, hooks));
        if (record.status === "waiting") live.waitingSince = this.clock();
        return live;
      })().finally(() => this.resuming.delete(id));
      this.resuming.set(id, pending);
    }
    return pending;
  }

  /**
   * Resumes every unfinished run found in the store (after a restart). Running runs come back now; runs waiting for
   * an outside event stay in the store until their event arrives. Returns how many came back.
   */
  async resumeAll(): Promise<number> {
    const running = await this.store.listHandlers({ status: "running" });
    let count = 0;
    for (const record of running) {
      if (this.live.has(record.handler_id)) continue;
      try {
        await this.bringBack(record);
        count++;
      } catch (error) {
        // a snapshot that no longer fits the workflow (it changed): the run fails, with the reason, instead of hanging
        const at = this.now();
        const message = error instanceof Error ? error.message : String(error);
        await this.store.updateHandler({ ...record, status: "failed", error: `could not resume: ${message}`, updated_at: at, completed_at: at });
      }
    }
    return count;
  }

  async cancel(handlerId: string, purge: boolean): Promise<HandlerRecord> {
    let record = await this.handler(handlerId);
    const live = this.live.get(handlerId);
    if (live && !live.ended) {
      live.run.cancel();
      await live.run.outcome;
      record = await this.waitForEnd(handlerId);
    } else if (!isFinal(record.status)) {
      const at = this.now();
      record = { ...record, status: "cancelled", error: "Run cancelled", updated_at: at, completed_at: at };
      await this.store.updateHandler(record, null);
      this.feed.notify(handlerId);
    }
    if (purge) {
      if (live) await live.writes;
      await this.store.deleteHandler(handlerId);
      this.feed.notify(handlerId);
    }
    return record;
  }

  /** Takes runs that waited for an outside event longer than `idleTimeoutMs` out of memory. Returns how many. */
  async releaseIdle(): Promise<number> {
    const limit = this.clock() - this.options.idleTimeoutMs;
    const idle = [...this.live.values()].filter((l) => !l.ended && l.waitingSince !== null && l.waitingSince <= limit);
    await Promise.all(idle.map((live) => this.release(live)));
    return idle.length;
  }

  /**
   * The run's snapshot with the number of entries its stream had. Taken when the engine is between ticks (in a
   * setImmediate or synchronously after a call into it), so both describe the same moment.
   */
  private checkpoint(live: LiveRun): Checkpoint {
    return { context: live.run.snapshot(), seq: live.lastSeq };
  }

  private release(live: LiveRun): Promise<void> {
    const snapshot = this.checkpoint(live);
    live.ended = true;
    live.run.release();
    this.live.delete(live.record.handler_id);
    const record = { ...live.record };
    return this.write(live, () => this.store.updateHandler(record, snapshot));
  }

  /**
   * Entries of a run's stream after `after`, as they come, until the run has ended and all were given. Yields null
   * when `heartbeatMs` passed with nothing new (the caller sends a keep-alive).
   */
  async *read(handlerId: string, after: number, heartbeatMs: number, signal: AbortSignal): AsyncGenerator<StreamEntry | null> {
    let cursor = after;
    while (!signal.aborted && !this.closed) {
      const alarm = this.feed.arm(handlerId, heartbeatMs, signal);
      try {
        const batch = await this.store.entries(handlerId, cursor, PAGE);
        if (batch.length > 0) {
          alarm.disarm();
          for (const entry of batch) yield entry;
          cursor = batch[batch.length - 1].seq;
          continue;
        }
        const record = this.live.get(handlerId)?.record ?? (await this.store.getHandler(handlerId));
        if (!record) return;
        // the final record is written after the last entry, so the read above has seen every entry
        if (isFinal(record.status)) {
          if ((await this.store.lastSeq(handlerId)) === cursor) return;
          continue;
        }
        await alarm.woken;
        if (!signal.aborted && (await this.store.lastSeq(handlerId)) === cursor) yield null;
      } finally {
        alarm.disarm();
      }
    }
  }

  /** Keeps every live run in the store as it is (snapshot and record) and takes it out of memory. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.live.values()].map((live) => (live.ended ? live.writes : this.release(live))));
    this.feed.notifyAll();
  }
}

function sameEnvelope(a: EventEnvelope, b: EventEnvelope): boolean {
  return a.type === b.type && JSON.stringify(a.data) === JSON.stringify(b.data);
}

function noop(): void {}
