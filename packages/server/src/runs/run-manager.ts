import { ROOT_CONTEXT, type Context as OtelContext } from "@opentelemetry/api";
import { uuidv7, type Event, type JournalRecord } from "@weft/workflows";
import { registeredTracer } from "../tracing/registered-tracer.js";
import { EntryFeed } from "./entry-feed.js";
import { StoredTail } from "./stored-tail.js";
import type { DrivenRun, DriverJournal, EventEnvelope, RunDriver, RunOutcome } from "./run-driver.js";
import type { ServerRuns } from "./server-runs.js";
import { isFinal, type FirstRecords, type HandlerFilter, type HandlerRecord, type RunStore, type StreamEntry } from "../store/run-store.js";

export interface RunManagerOptions {
  /** Milliseconds a run may wait for an outside event before it leaves memory (it comes back when the event arrives). */
  idleTimeoutMs: number;
  /** The clock, in epoch milliseconds: tests move it instead of sleeping. */
  clock?: () => number;
  /** Told about every failed store write (the requests waiting on one answer 503 without the store's detail). */
  onError?: (error: unknown) => void;
}

/** A run held in this process. */
interface LiveRun {
  record: HandlerRecord;
  run: DrivenRun;
  /** Store writes for this run, in order. */
  writes: Promise<void>;
  lastSeq: number;
  /** The last entries known to be in the store, for this run's readers. */
  tail: StoredTail;
  /** When the run began waiting for an outside event (clock ms), or null. */
  waitingSince: number | null;
  ended: boolean;
  /** The journal stopped recording (the run was released from memory). */
  stopped: boolean;
  /** Records and entries not yet handed to the store, and whether the record changed since it was. */
  pending: JournalRecord[];
  pendingEntries: StreamEntry[];
  recordChanged: boolean;
  flushQueued: boolean;
  /** The store's row is this run's (false until a new run's row is created: another process may have taken the id). */
  owned: boolean;
  /** Set once a store write of this run failed: the run left memory, and what the store holds is its state. */
  failure: RunError | null;
  /** Resolves once the run's final record is stored, or it left memory; made only when someone waits for it. */
  settled: Promise<void> | null;
  settle: (() => void) | null;
  /**
   * Entries that the steps in flight when the journal was cut had written: rebuilt, those steps run again and write
   * them again, and an entry that matches the next one here is the same entry, not a new one (a reader sees it once).
   */
  replay: EventEnvelope[];
}

/** Why a request about a run cannot be served; the routes map `kind` to a status code. */
export class RunError extends Error {
  constructor(
    readonly kind: "not_found" | "conflict" | "invalid" | "unavailable",
    message: string,
  ) {
    super(message);
    this.name = "RunError";
  }
}

const PAGE = 500;
/** A timer may fire this much before `performance.now()` says its time has come (libuv counts from the loop's start). */
const TIMER_SLACK_MS = 1;

/**
 * Owns the runs: starts and resumes them through the driver, numbers their stream entries, writes records, entries
 * and snapshots to the store in order, releases idle waiting runs from memory and brings them back on demand.
 */
export class RunManager implements ServerRuns {
  /** @internal Wakes the stream readers of a run when its entries or record change. */
  readonly feed = new EntryFeed();
  private readonly live = new Map<string, LiveRun>();
  /** Runs being brought back from the store, so two events for one released run resume it once. */
  private readonly resuming = new Map<string, Promise<LiveRun>>();
  private readonly clock: () => number;
  private closed = false;
  /** Runs with records to hand to the store at the next turn of the event loop (one `setImmediate` for all). */
  private dirty: LiveRun[] = [];
  /** Runs taken out of memory by a failed write while running: brought back once the store works (`resumeFailed`). */
  private readonly failed = new Set<string>();
  /** The last time string made, and the clock ms it was made for: runs ending in the same ms share one. */
  private lastIso = "";
  private lastIsoMs = Number.NaN;

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
    const ms = this.clock();
    if (ms !== this.lastIsoMs) {
      this.lastIsoMs = ms;
      this.lastIso = new Date(ms).toISOString();
    }
    return this.lastIso;
  }

  /**
   * Starts a run, or — when `handlerId` names one already — returns that one's record and starts nothing. `start` is
   * the validated start event; `parent` the OpenTelemetry context the run span is a child of.
   */
  async start(workflowName: string, start: Event, handlerId: string | undefined, parent: OtelContext = ROOT_CONTEXT): Promise<HandlerRecord> {
    // time-ordered, so `GET /handlers` pages newest first by id
    const id = handlerId ?? uuidv7(this.clock());
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
    const live = this.attach(record, false, 0, [], (journal) => this.driver.start(workflowName, start, journal, parent));
    // Only a traced run has a trace id to show. Its snapshot is saved when it leaves memory (idle release, close);
    // until then the context route reads it live, and after a kill -9 rebuilds it from the journal.
    const traceId = registeredTracer("@weft/workflows") && this.driver.traceIdOf(live.run.snapshot());
    if (traceId) record.trace_id = traceId;
    // A new id is no one else's: the run's first records go with its row, in one write. A caller's id may be taken
    // (by another process sharing the store), so its records wait until the row is known to be this run's.
    const first = handlerId === undefined ? this.takePending(live) : undefined;
    // first in the run's write chain: no record, entry or end of this run reaches the store before its row
    const creating = this.store.createHandler({ ...record }, null, first);
    live.writes = creating.then(noop, noop);
    let created: boolean;
    try {
      created = await creating;
    } catch (error) {
      live.run.release();
      this.live.delete(id);
      this.options.onError?.(error);
      throw unavailable(id);
    }
    if (created) {
      live.owned = true;
      if (first) live.tail.add(first.entries);
      this.flush(live);
      // the run's first records are stored before the caller hears of the run: a restart can always rebuild it
      if (!first) await this.written(live);
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

  /** Makes a run live: its journal goes to the store as it is written, and its end is recorded. */
  private attach(record: HandlerRecord, owned: boolean, lastSeq: number, replay: EventEnvelope[], begin: (journal: DriverJournal) => DrivenRun): LiveRun {
    const live: LiveRun = {
      record,
      run: undefined as unknown as DrivenRun,
      writes: Promise.resolve(),
      lastSeq,
      tail: new StoredTail(),
      waitingSince: null,
      ended: false,
      stopped: false,
      pending: [],
      pendingEntries: [],
      recordChanged: false,
      flushQueued: false,
      owned,
      replay,
      failure: null,
      settled: null,
      settle: null,
    };
    live.run = begin({ append: (r) => this.recorded(live, r), stop: () => void (live.stopped = true) });
    this.live.set(record.handler_id, live);
    void live.run.outcome.then((outcome) => this.finish(live, outcome));
    return live;
  }

  /**
   * Chains a store write after the run's earlier ones. The chain never rejects: a failed write takes the run out of
   * memory (`writeFailed`), and the writes after it are skipped, so the store keeps a prefix of the run's journal.
   */
  private write(live: LiveRun, op: () => Promise<void>): Promise<void> {
    live.writes = live.writes.then(() => (live.failure ? undefined : op())).catch((error: unknown) => this.writeFailed(live, error));
    return live.writes;
  }

  /** Resolves once every write asked for so far is stored; throws the 503 error when one of them failed. */
  private async written(live: LiveRun): Promise<void> {
    await live.writes;
    if (live.failure) throw live.failure;
  }

  /**
   * A write failed: the run leaves memory without writing anything more, so it cannot run ahead of its stored state;
   * the requests waiting on it answer 503, and it carries on from the store (a waiting run on its next event, a
   * running one through `resumeFailed`).
   */
  private writeFailed(live: LiveRun, error: unknown): void {
    if (live.failure) return;
    const id = live.record.handler_id;
    live.failure = unavailable(id);
    this.options.onError?.(error);
    const running = !live.ended;
    live.ended = true;
    live.stopped = true;
    live.pending = [];
    live.pendingEntries = [];
    if (running) live.run.release();
    if (this.live.get(id) === live) this.live.delete(id);
    if (live.owned) this.failed.add(id);
    live.settle?.();
    this.feed.notify(id);
  }

  /** A record the engine appended (synchronously, in order): kept for the next flush, with the entry it writes. */
  private recorded(live: LiveRun, record: JournalRecord): void {
    if (live.stopped) return;
    live.pending.push(record);
    if (record.type === "stream.written") this.streamed(live, { type: record.event.type, data: record.event.data });
    this.queueFlush(live);
  }

  private streamed(live: LiveRun, envelope: EventEnvelope): void {
    if (live.replay.length > 0) {
      if (sameEnvelope(live.replay[0], envelope)) {
        live.replay.shift();
        return;
      }
      live.replay = [];
    }
    live.pendingEntries.push({ seq: ++live.lastSeq, type: envelope.type, data: envelope.data });
    if (envelope.type === "InputRequiredEvent") {
      live.waitingSince = this.clock();
      live.record = { ...live.record, status: "waiting", updated_at: this.now() };
      live.recordChanged = true;
    }
  }

  /**
   * Batches a tick's records into one store write: a record reaches the store one event-loop turn after it was
   * appended, plus the write. A `kill -9` loses at most that tail, and what is stored is always a prefix of the journal.
   */
  private queueFlush(live: LiveRun): void {
    if (live.flushQueued) return;
    live.flushQueued = true;
    if (this.dirty.push(live) === 1) setImmediate(this.flushDirty);
  }

  private readonly flushDirty = (): void => {
    const runs = this.dirty;
    this.dirty = [];
    // a run flushed directly since it was queued (start, deliver) has flushQueued false and nothing pending
    for (const live of runs) if (live.flushQueued) this.flush(live);
  };

  /** Hands what is pending to the run's write chain (records and their entries together, then the record). */
  private flush(live: LiveRun): void {
    live.flushQueued = false;
    // an ended run's last records go with its end (finish)
    if (!live.owned || live.ended) return;
    const id = live.record.handler_id;
    if (live.pending.length > 0) {
      const { records, entries } = this.takePending(live);
      void this.write(live, () => this.stored(live, this.store.appendJournal(id, records, entries), entries)).then(() => entries.length > 0 && this.feed.notify(id));
    }
    if (live.recordChanged && !live.ended) {
      live.recordChanged = false;
      const record = { ...live.record };
      // No wake-up: a record here is running or waiting, and the feed's sleepers wait for entries or an end (readers,
      // waitForEnd); 1,000 readers woken at each status change only went back to sleep.
      void this.write(live, () => this.store.updateHandler(record));
    }
  }

  /** Once `write` succeeded, its entries are in the store: readers may take them from memory. */
  private async stored(live: LiveRun, write: Promise<unknown>, entries: readonly StreamEntry[]): Promise<void> {
    await write;
    live.tail.add(entries);
  }

  private takePending(live: LiveRun): FirstRecords & { entries: StreamEntry[] } {
    const taken = { records: live.pending, entries: live.pendingEntries };
    live.pending = [];
    live.pendingEntries = [];
    return taken;
  }

  private finish(live: LiveRun, outcome: RunOutcome): Promise<void> {
    live.ended = true;
    const at = this.now();
    const record: HandlerRecord = { ...live.record, status: outcome.status, updated_at: at, completed_at: at };
    if (outcome.status === "completed") record.result = outcome.result;
    else record.error = outcome.error;
    const id = record.handler_id;
    return this.write(live, async () => {
      // another process's row (the id was taken): nothing of this run is written
      if (!live.owned) return;
      // the last records, also those of a run that ended before its row was known to be its own, go before the end
      if (live.pending.length > 0) {
        const { records, entries } = this.takePending(live);
        await this.stored(live, this.store.appendJournal(id, records, entries), entries);
      }
      await this.store.updateHandler(record, null);
      // only now: a reader woken by an earlier write must not see the end while the run is still in memory
      live.record = record;
      if (this.live.get(id) === live) this.live.delete(id);
      live.settle?.();
      this.feed.notify(id);
    });
  }

  /** The record, from memory when the run is live. */
  async handler(handlerId: string): Promise<HandlerRecord> {
    const record = this.live.get(handlerId)?.record ?? (await this.store.getHandler(handlerId));
    if (!record) throw new RunError("not_found", `no handler "${handlerId}"`);
    return { ...record };
  }

  /**
   * The run's context as `ctx.toDict()` gives it (state, store, events in flight), to read: live while in memory, else
   * rebuilt from the store (its journal's state and store, its last saved run; `run` null once it has ended).
   */
  async context(handlerId: string): Promise<unknown> {
    const live = this.live.get(handlerId);
    if (live && !live.ended) return live.run.snapshot();
    const record = await this.handler(handlerId);
    const ended = isFinal(record.status);
    const saved = ended ? undefined : await this.store.loadSnapshot(handlerId);
    // A waiting run left by a process that stopped without saving it (kill -9): rebuilt from its journal, as its next
    // event would. (A running run not held here is another process's, or is being resumed: not rebuilt twice.)
    if (saved == null && record.status === "waiting") return (await this.bringBack(record)).run.snapshot();
    return this.driver.storedContext(record.workflow_name, await this.store.journal(handlerId), saved ?? undefined);
  }

  /**
   * A page of records, newest first (by handler id), as live runs show them, of handlers whose id sorts before
   * `before`; `next` is the id to continue before, null on the last page.
   */
  async handlers(filter: HandlerFilter, limit: number, before?: string): Promise<{ handlers: HandlerRecord[]; next: string | null }> {
    // A live run's stored status trails its live one (running ⇄ waiting), so those two are filtered here, on the
    // live records; an ended run's record is stored before anyone hears of the end, so the store can filter those.
    const storeStatus = filter.status && isFinal(filter.status) ? filter.status : undefined;
    const out: HandlerRecord[] = [];
    let cursor = before;
    for (;;) {
      const page = await this.store.listHandlers({ workflow_name: filter.workflow_name, status: storeStatus, before: cursor, limit });
      for (const r of page) {
        const record = this.live.get(r.handler_id)?.record ?? r;
        if (filter.status && record.status !== filter.status) continue;
        out.push({ ...record });
        if (out.length === limit) return { handlers: out, next: record.handler_id };
      }
      if (page.length < limit) return { handlers: out, next: null };
      cursor = page[page.length - 1].handler_id;
    }
  }

  /** Resolves with the record once the run has ended. */
  async waitForEnd(handlerId: string, signal?: AbortSignal): Promise<HandlerRecord> {
    const live = this.live.get(handlerId);
    if (live && !signal?.aborted) {
      // held here: its end (or its leaving memory) is awaited directly, with no timer and no store read
      await untilOrAborted((live.settled ??= new Promise<void>((resolve) => (live.settle = resolve))), signal);
      if (live.failure) throw live.failure;
      if (isFinal(live.record.status) || signal?.aborted || this.closed) return { ...live.record };
    }
    for (;;) {
      const alarm = this.feed.arm(handlerId, 30_000, signal);
      try {
        // a run held here gets its final record once that is stored: no need to read it back from the store
        const held = live && (this.live.get(handlerId) === live || isFinal(live.record.status));
        const record = held ? { ...live.record } : await this.handler(handlerId);
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
      live.recordChanged = true;
    }
    // The 202 tells the caller the event is the run's: its record is stored first, so a kill -9 after the answer
    // cannot lose it.
    this.flush(live);
    await this.written(live);
  }

  /** Rebuilds a run kept in the store (released, or left by an earlier process) from its journal. */
  private bringBack(record: HandlerRecord): Promise<LiveRun> {
    const id = record.handler_id;
    let pending = this.resuming.get(id);
    if (!pending) {
      pending = (async () => {
        const [records, lastSeq] = await Promise.all([this.store.journal(id), this.store.lastSeq(id)]);
        if (records.length === 0) throw new Error(`handler "${id}" has no journal to rebuild it from`);
        const existing = this.live.get(id);
        if (existing) return existing;
        const live = this.attach({ ...record }, true, lastSeq, rewrittenEntries(records), (journal) => this.driver.rebuild(record.workflow_name, records, journal));
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
        // a journal that no longer fits the workflow (it changed): the run fails, with the reason, instead of hanging
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

  /** Takes a run out of memory; its journal is complete in the store, its snapshot kept for the context route. */
  private release(live: LiveRun): Promise<void> {
    const snapshot = live.run.snapshot();
    this.flush(live);
    live.ended = true;
    live.run.release();
    this.live.delete(live.record.handler_id);
    live.settle?.();
    const record = { ...live.record };
    return this.write(live, () => this.store.updateHandler(record, snapshot));
  }

  /**
   * Brings back the running runs that a failed store write took out of memory, now that the store may work again
   * (the server calls this on its idle sweep). Returns how many came back.
   */
  async resumeFailed(): Promise<number> {
    let count = 0;
    for (const id of [...this.failed]) {
      if (this.closed) break;
      const record = await this.store.getHandler(id).catch(() => null);
      if (record === null) continue; // the store still fails: next sweep
      // ended, deleted, or waiting (a waiting run comes back with its next event): nothing to do
      if (!record || record.status !== "running" || this.live.has(id)) {
        this.failed.delete(id);
        continue;
      }
      try {
        await this.bringBack(record);
        this.failed.delete(id);
        count++;
      } catch (error) {
        this.options.onError?.(error);
      }
    }
    return count;
  }

  /**
   * Entries of a run's stream after `after`, as they come, until the run has ended and all were given. Yields null
   * when `heartbeatMs` passed with nothing new (the caller sends a keep-alive).
   */
  async *read(handlerId: string, after: number, heartbeatMs: number, signal: AbortSignal): AsyncGenerator<StreamEntry | null> {
    let cursor = after;
    // when a keep-alive is due if nothing is sent before: a wake-up by a record change sends nothing, and 1,000
    // readers answering each status change with a keep-alive cost as much as an entry
    let quietUntil = performance.now() + heartbeatMs;
    while (!signal.aborted && !this.closed) {
      // A live run's stored entries are read from memory with no await: nothing can come between this look and the
      // arming below, so a reader that has news takes it without arming a wake-up (one per entry, not two).
      const held = this.live.get(handlerId)?.tail.after(cursor, PAGE);
      if (held && held.length > 0) {
        for (const entry of held) yield entry;
        cursor = held[held.length - 1].seq;
        quietUntil = performance.now() + heartbeatMs;
        continue;
      }
      // whole ms: Node keeps a timer list per distinct duration, and 1,000 readers' fractions would make 1,000 lists
      const alarm = this.feed.arm(handlerId, Math.max(1, Math.ceil(quietUntil - performance.now())), signal);
      try {
        const batch = held ?? (await this.store.entries(handlerId, cursor, PAGE));
        if (batch.length > 0) {
          alarm.disarm();
          for (const entry of batch) yield entry;
          cursor = batch[batch.length - 1].seq;
          quietUntil = performance.now() + heartbeatMs;
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
        if (signal.aborted || performance.now() < quietUntil - TIMER_SLACK_MS) continue;
        // a live run's seq is read from memory with no await: 1,000 readers woken by one entry each skip a turn
        if ((this.live.get(handlerId)?.tail.lastSeq ?? (await this.store.lastSeq(handlerId))) === cursor) {
          quietUntil = performance.now() + heartbeatMs;
          yield null;
        }
      } finally {
        alarm.disarm();
      }
    }
  }

  /** Keeps every live run in the store as it is (journal, record, snapshot) and takes it out of memory. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.live.values()].map((live) => (live.ended ? live.writes : this.release(live))));
    this.feed.notifyAll();
  }
}

function sameEnvelope(a: EventEnvelope, b: EventEnvelope): boolean {
  return a.type === b.type && JSON.stringify(a.data) === JSON.stringify(b.data);
}

/**
 * The entries written by the steps that were in flight where the journal ends (after the first of their
 * `step.started` records): the rebuilt run runs those steps again.
 */
function rewrittenEntries(records: readonly JournalRecord[]): EventEnvelope[] {
  const inFlight = new Map<string, number>();
  for (const r of records) {
    if (r.type === "step.started") inFlight.set(r.executionId, r.seq);
    else if (r.type === "step.completed" || r.type === "step.failed") inFlight.delete(r.executionId);
  }
  if (inFlight.size === 0) return [];
  const from = Math.min(...inFlight.values());
  return records.flatMap((r) => (r.type === "stream.written" && r.seq > from ? [{ type: r.event.type, data: r.event.data }] : []));
}

function noop(): void {}

function unavailable(handlerId: string): RunError {
  return new RunError("unavailable", `The store could not save handler "${handlerId}": the request was not carried out. Try again once the store is back.`);
}

/** Waits for `done`, or until `signal` aborts, leaving no listener behind. */
function untilOrAborted(done: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return done;
  return new Promise<void>((resolve) => {
    const finish = () => {
      signal.removeEventListener("abort", finish);
      resolve();
    };
    signal.addEventListener("abort", finish, { once: true });
    void done.then(finish);
  });
}
