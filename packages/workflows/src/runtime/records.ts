import { Event, eventJSONAt, type EventJSON } from "../events/event.js";
import type { Tick } from "./reducer.js";
import type { Execution, PendingTimer, TimerKind } from "./run-state.js";
import type { Journal } from "./runtime.js";
import { uuidv7 } from "../ids/uuidv7.js";
import type { DurableCallRecord } from "../context/durable-calls.js";

/** An error as a record carries it. `step` and `attempt` are set for a step's failure. */
export interface ErrorJSON {
  name: string;
  message: string;
  stack?: string;
  step?: string;
  attempt?: number;
}

/** One `collectEvents` call: the event it buffered and the event types it asked for. */
export interface CollectOp {
  event: EventJSON;
  expected: string[];
}

/** What every record has: its place in the run's journal (1, 2, …) and the clock's time when it happened (ms). */
export interface RecordBase {
  seq: number;
  at: number;
}

/**
 * One thing that happened to a run, as plain JSON, in the order it happened. A run's journal is the list of its
 * records: `run.started` first, `run.ended` last. Decisions are recorded with what they decided (a failure's retry
 * and its delay), so a reader never has to take them again.
 */
export type JournalRecord = RecordBase &
  (
    | { type: "run.started"; runId: string; workflow: string; resumed: boolean; input?: EventJSON }
    /** An event entered the run: from a step (`from`, an execution id), from outside, or queued for one step (`target`). */
    | { type: "event.added"; event: EventJSON; from?: string; target?: string }
    | { type: "step.started"; executionId: string; step: string; attempt: number; worker: number; eventId: string }
    /** The step returned: the events it returned (none, one, or a fan-out). */
    | {
        type: "step.completed";
        executionId: string;
        returned: EventJSON[];
        /** The context's store and state as the step left them (its edits travel with its completion). */
        store?: { store: Record<string, unknown>; state: unknown };
        /** The step's `collectEvents` calls, in order: a rebuild applies those of completed steps only. */
        collected?: CollectOp[];
      }
    /** `retry`: the delay before the next attempt, or null when there is none; `recovered`: handed to a recovering step. */
    | { type: "step.failed"; executionId: string; error: ErrorJSON; retry: { delayMs: number } | null; recovered: boolean }
    /** An entry of the stream: `seq` here is the stream's sequence number (`streamEntries`). */
    | { type: "stream.written"; streamSeq: number; event: EventJSON }
    /**
     * A durable call of a step execution in progress completed (`ctx.durable`, an LLM call): `index` is its place
     * among that execution's calls (0, 1, …), `key` what else it matched on (an LLM request's hash), `value` its
     * result (absent for undefined). The execution that runs again after a rebuild gets `value` back instead.
     */
    | { type: "durable.completed"; executionId: string; index: number; name: string; key?: string; value?: unknown }
    /** `question`: the id of its `waiterEvent`, whose `stream.written` follows unless an answer was there already. */
    | { type: "wait.begun"; waiterId: string; step: string; eventType: string; requirements?: Record<string, unknown>; timeoutMs?: number; question?: string }
    | { type: "wait.answered"; waiterId: string; eventId: string }
    /** Written by journals from before timers were records; a wait's timeout is now a `timer.fired`. */
    | { type: "wait.timedOut"; waiterId: string }
    /** Written by journals from before timers were records; the run's timeout is now a `timer.fired`. */
    | { type: "run.timedOut"; seconds: number }
    /** The reducer scheduled a timer: due at `dueAt` (the clock's ms), for the run, a step attempt, a retry delay or a wait. */
    | { type: "timer.scheduled"; timerId: number; timerKind: TimerKind; dueAt: number; executionId?: string; waiterId?: string }
    /** A scheduled timer fell due (a cancelled one never does). */
    | { type: "timer.fired"; timerId: number; timerKind: TimerKind }
    | { type: "run.cancelled"; reason?: string }
    /** A user callback outside a step (a logger, a waiter's requirements) threw. */
    | { type: "run.faulted"; error: ErrorJSON }
    | { type: "run.ended"; status: "completed" | "failed" | "cancelled"; result?: EventJSON; error?: ErrorJSON }
  );

/** A record before the journal numbers it. */
export type RecordInput = JournalRecord extends infer R ? (R extends JournalRecord ? Omit<R, "seq"> : never) : never;

export function errorJSON(error: unknown): ErrorJSON {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const out: ErrorJSON = { name: error.name, message: error.message };
  if (error.stack) out.stack = error.stack;
  const marked = error as Error & { step?: unknown; attempt?: unknown };
  if (typeof marked.step === "string") out.step = marked.step;
  if (typeof marked.attempt === "number") out.attempt = marked.attempt;
  return out;
}

/**
 * Numbers a run's records, names its step executions (UUIDv7) and hands the records to its journal.
 *
 * Records are never changed once appended, so two records may share one object: the records one tick makes of the
 * same event share its JSON (a step's returned stop event, its stream entry and the run's result). Only within a
 * tick: between two ticks a step's code may have changed the event.
 */
export class RunRecorder {
  /** The `collectEvents` calls of each execution in progress: they travel with its completion. */
  private collectOps: Map<Execution, CollectOp[]> | null = null;
  /** The event serialized last in this tick, and its JSON: the next record of the same event shares it. */
  private lastEvent: Event | null = null;
  private lastJSON: EventJSON | null = null;
  /** `seq`: the last sequence number already in the journal (a rebuilt run carries on after its records). */
  constructor(
    private readonly journal: Journal,
    private seq = 0,
  ) {}

  record(input: RecordInput): void {
    // the input is always a fresh literal: numbering it in place spares a copy per record
    (input as JournalRecord).seq = ++this.seq;
    this.journal.append(input as JournalRecord);
  }

  /**
   * `event` as JSON, made once for consecutive records of the same event (they share the object). `at`: the time of
   * the record, which an event without an id yet takes for its id's.
   */
  eventJSON(event: Event, at?: number): EventJSON {
    if (event !== this.lastEvent) {
      this.lastJSON = at === undefined ? event.toJSON() : eventJSONAt(event, at);
      this.lastEvent = event;
    }
    return this.lastJSON!;
  }

  private returnedEvents(result: unknown, at: number): EventJSON[] {
    if (result instanceof Event) return [this.eventJSON(result, at)];
    if (!Array.isArray(result)) return [];
    const out: EventJSON[] = [];
    for (const e of result) if (e instanceof Event) out.push(this.eventJSON(e, at));
    return out;
  }

  /** Names the executions a replay rebuilt with the ids their records had. */
  adopt(exec: Execution, id: string): void {
    exec.journalId = id;
  }

  executionId(exec: Execution, at: number): string {
    return (exec.journalId ??= uuidv7(at));
  }

  durableCompleted(exec: Execution, at: number, call: DurableCallRecord): void {
    this.record({ type: "durable.completed", at, executionId: this.executionId(exec, at), ...call });
  }

  /**
   * The record of a tick, taken before the loop reduces it (ticks that change nothing a replay needs, such as a
   * `collect`, are kept for the completion they belong to); `store`: the context's store when it changed.
   */
  tick(tick: Tick, at: number, store?: { store: Record<string, unknown>; state: unknown }): void {
    this.lastEvent = null;
    switch (tick.kind) {
      case "event": {
        const record: RecordInput = { type: "event.added", at, event: this.eventJSON(tick.event, at) };
        if (tick.from) record.from = this.executionId(tick.from, at);
        if (tick.target !== undefined) record.target = tick.target;
        return this.record(record);
      }
      case "stepStarted": {
        const { exec } = tick;
        // numbered in the literal (as its last field, where `record` puts it): a field added later costs the object
        // a second allocation, and these two records are most of a journal
        return this.journal.append({
          type: "step.started",
          at,
          executionId: this.executionId(exec, at),
          step: exec.slot.def.name,
          attempt: exec.attempt,
          worker: exec.worker,
          eventId: exec.event.eventId,
          seq: ++this.seq,
        });
      }
      case "stepDone": {
        const executionId = this.executionId(tick.exec, at);
        const returned = this.returnedEvents(tick.result, at);
        const ops = this.collectOps?.get(tick.exec);
        if (store === undefined && ops === undefined) return this.journal.append({ type: "step.completed", at, executionId, returned, seq: ++this.seq });
        const record: RecordInput = { type: "step.completed", at, executionId, returned };
        if (store) record.store = store;
        if (ops) {
          record.collected = ops;
          this.collectOps!.delete(tick.exec);
        }
        return this.record(record);
      }
      case "stepFailed":
        // a failed attempt's collects are not replayed (its retry collects again)
        this.collectOps?.delete(tick.exec);
        return this.record({
          type: "step.failed",
          at,
          executionId: this.executionId(tick.exec, at),
          error: errorJSON(tick.error),
          retry: tick.retry,
          recovered: tick.recover !== undefined,
        });
      case "collect": {
        let ops = (this.collectOps ??= new Map()).get(tick.exec);
        if (!ops) this.collectOps.set(tick.exec, (ops = []));
        ops.push({ event: this.eventJSON(tick.event, at), expected: tick.expected.map((c) => c.eventName) });
        return;
      }
      case "waitBegun": {
        const { waiter } = tick;
        const record: RecordInput = { type: "wait.begun", at, waiterId: waiter.id, step: waiter.stepName, eventType: waiter.eventClass.eventName };
        if (waiter.requirements) record.requirements = waiter.requirements as Record<string, unknown>;
        if (tick.timeoutMs !== undefined) record.timeoutMs = tick.timeoutMs;
        if (tick.waiterEvent) record.question = tick.waiterEvent.eventId;
        return this.record(record);
      }
      case "timer":
        // the kind is read by the executor before the loop forgets the timer; see `timerFired`
        return;
      case "timeout":
        return this.record({ type: "run.timedOut", at, seconds: tick.seconds });
      case "cancel":
        return this.record(tick.reason === undefined ? { type: "run.cancelled", at } : { type: "run.cancelled", at, reason: String(tick.reason) });
      case "fault":
        return this.record({ type: "run.faulted", at, error: errorJSON(tick.error) });
      default:
        // begin (run.started is its record), streamWrite (its publish is), restore and dropWaits (a rebuild or a resume does them again)
        return;
    }
  }

  /** The run's first record; `input`: its start event, none for a resumed run. */
  runStarted(at: number, runId: string, workflow: string, input: Event | undefined): void {
    // one literal per shape, with the fields in the order the record had when it was spread into one
    if (input === undefined) this.record({ type: "run.started", at, runId, workflow, resumed: true });
    else this.record({ type: "run.started", at, runId, workflow, resumed: false, input: this.eventJSON(input, at) });
  }

  /** An entry of the run's stream: `streamSeq` is its sequence number there. */
  streamWritten(at: number, streamSeq: number, event: Event): void {
    this.record({ type: "stream.written", at, streamSeq, event: this.eventJSON(event, at) });
  }

  timerScheduled(timer: PendingTimer, at: number): void {
    const record: RecordInput = { type: "timer.scheduled", at, timerId: timer.id, timerKind: timer.kind, dueAt: timer.dueAt };
    if (timer.exec) record.executionId = this.executionId(timer.exec, at);
    if (timer.waiterId !== undefined) record.waiterId = timer.waiterId;
    this.record(record);
  }

  timerFired(timer: PendingTimer, at: number): void {
    this.record({ type: "timer.fired", at, timerId: timer.id, timerKind: timer.kind });
  }
}

/** A journal that keeps its records in memory: for tests, the bench, and a server that keeps runs in memory. */
export class MemoryJournal implements Journal {
  readonly records: JournalRecord[] = [];
  append(record: JournalRecord): void {
    this.records.push(record);
  }
}
