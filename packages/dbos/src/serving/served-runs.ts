import { DBOS, Error as DBOSErrors } from "@dbos-inc/dbos-sdk";
import { context as otelContext, ROOT_CONTEXT, type Context as OtelContext } from "@opentelemetry/api";
import { uuidv7, type Clock, type Event, type EventRegistry, type WorkflowHandler } from "@weft/workflows";
import type pg from "pg";
import type { AnyWorkflow } from "../runs/durable-workflow.js";
import { postMessage } from "../store/inbox.js";
import { loadJournal } from "../store/pg-journal.js";
import { ENDED, loadRecords } from "./handler-rows.js";
import { storedContext } from "./served-context.js";
import { recordsAfter } from "./records-after.js";
import { StreamNumbering } from "./stream-numbering.js";
import { isFinal, ServedRunError, type ServedEntry, type ServedFilter, type ServedRecord, type ServedRuns } from "./served-shapes.js";
import { RunWatch } from "./run-watch.js";

/** What the runtime lends the served runs. */
export interface ServedRunsHost {
  pool: pg.Pool;
  clock: Clock;
  pollMs: number;
  workflows: readonly string[];
  /** A served workflow with its event classes. */
  lookup(workflowName: string): { workflow: AnyWorkflow; registry: EventRegistry };
  /** Puts a run on its workflow's queue (`DBOSRuntime.start`). */
  start(workflowName: string, input: Record<string, unknown>, handlerId: string): Promise<unknown>;
  /** The run when this process executes it now. */
  held(handlerId: string): WorkflowHandler<unknown, unknown> | undefined;
  /** Reads the mailbox of the runs this process executes now, instead of at its next poll. */
  readMailbox(): void;
  onError(error: unknown): void;
}

/** Journal records read per query by a stream reader. */
const PAGE = 500;

/**
 * `@weft/server`'s runs (its `ServerRuns`) on DBOS: every run is a DBOS workflow on its queue, executed by whichever
 * worker takes it (this process too, unless it was launched with `worker: false`); records, entries and contexts are
 * read from PostgreSQL, so any number of servers and workers share the runs and none keeps state of its own.
 */
export class DBOSServedRuns implements ServedRuns {
  private readonly watch: RunWatch;
  private closed = false;

  constructor(private readonly host: ServedRunsHost) {
    this.watch = new RunWatch(host.pool, host.pollMs, host.onError);
  }

  async start(workflowName: string, start: Event, handlerId: string | undefined, parent: OtelContext = ROOT_CONTEXT): Promise<ServedRecord> {
    if (handlerId !== undefined) {
      const existing = await this.find(handlerId);
      if (existing) return sameWorkflow(existing, workflowName);
    }
    const now = this.host.clock.now();
    // time-ordered, so `GET /handlers` pages newest first by id
    const id = handlerId ?? uuidv7(now);
    try {
      await otelContext.with(parent, () => this.host.start(workflowName, start.toData(), id));
    } catch (error) {
      if (!(error instanceof DBOSErrors.DBOSConflictingWorkflowError)) throw error;
      // another server took the id, for another workflow, between our read and our start; or a DBOS workflow that
      // is not one of the runs served here has it
      const raced = await this.find(id);
      if (raced) return sameWorkflow(raced, workflowName);
      throw new ServedRunError("conflict", `handler_id "${id}" is taken by a DBOS workflow that is not a run of the workflows served here`);
    }
    const at = new Date(now).toISOString();
    return { handler_id: id, workflow_name: workflowName, status: "running", started_at: at, updated_at: at, completed_at: null };
  }

  async handler(handlerId: string): Promise<ServedRecord> {
    const record = await this.find(handlerId);
    if (!record) throw new ServedRunError("not_found", `no handler "${handlerId}"`);
    return record;
  }

  private async find(handlerId: string): Promise<ServedRecord | undefined> {
    return (await loadRecords(this.host.pool, { workflows: this.host.workflows, handlerId, limit: 1 }))[0];
  }

  async handlers(filter: ServedFilter, limit: number, before?: string): Promise<{ handlers: ServedRecord[]; next: string | null }> {
    const workflows = filter.workflow_name === undefined ? this.host.workflows : this.host.workflows.filter((w) => w === filter.workflow_name);
    // how a run ended (completed, failed, cancelled) and whether one waits are the journal's: DBOS narrows, this filters
    const ended = filter.status === undefined ? undefined : isFinal(filter.status);
    const out: ServedRecord[] = [];
    let cursor = before;
    for (;;) {
      const page = workflows.length === 0 ? [] : await loadRecords(this.host.pool, { workflows, ended, before: cursor, limit });
      for (const record of page) {
        if (filter.status && record.status !== filter.status) continue;
        out.push(record);
        if (out.length === limit) return { handlers: out, next: record.handler_id };
      }
      if (page.length < limit) return { handlers: out, next: null };
      cursor = page[page.length - 1].handler_id;
    }
  }

  async context(handlerId: string): Promise<unknown> {
    const record = await this.handler(handlerId);
    const held = isFinal(record.status) ? undefined : this.host.held(handlerId);
    if (held) return held.ctx.toDict();
    const { workflow } = this.host.lookup(record.workflow_name);
    return storedContext(workflow, await loadJournal(this.host.pool, handlerId), record.status === "waiting");
  }

  async waitForEnd(handlerId: string, signal?: AbortSignal): Promise<ServedRecord> {
    for (;;) {
      const alarm = this.watch.arm(handlerId, 30_000, signal);
      try {
        const record = await this.handler(handlerId);
        if (isFinal(record.status) || signal?.aborted || this.closed) return record;
        await alarm.woken;
      } finally {
        alarm.disarm();
      }
    }
  }

  /** Into the run's durable mailbox: the worker holding the run takes it (`DBOSRuntime.sendEvent`'s path). */
  async deliver(handlerId: string, envelope: { type: string; data: Record<string, unknown> }, step: string | undefined): Promise<void> {
    const record = await this.handler(handlerId);
    if (isFinal(record.status)) throw new ServedRunError("conflict", `handler "${handlerId}" has ended (${record.status})`);
    const { workflow, registry } = this.host.lookup(record.workflow_name);
    const event = registry.fromJSON({ type: envelope.type, id: undefined as unknown as string, data: envelope.data });
    if (step !== undefined && !workflow.steps.some((s) => s.name === step)) {
      throw new ServedRunError("invalid", `step: workflow "${record.workflow_name}" has no step "${step}"`);
    }
    await postMessage(this.host.pool, handlerId, step === undefined ? { kind: "event", event: event.toJSON() } : { kind: "event", event: event.toJSON(), step });
    this.posted(handlerId);
  }

  async cancel(handlerId: string, purge: boolean): Promise<ServedRecord> {
    let record = await this.handler(handlerId);
    if (!isFinal(record.status)) {
      // the worker holding the run cancels it; a run still on its queue is cancelled by DBOS before any worker takes it
      await postMessage(this.host.pool, handlerId, { kind: "cancel" });
      const status = (await DBOS.getWorkflowStatus(handlerId))?.status;
      if (status === "ENQUEUED" || status === "DELAYED") await DBOS.cancelWorkflow(handlerId);
      this.posted(handlerId);
      record = await this.waitForEnd(handlerId);
      // a cancel no run took (DBOS cancelled the run on its queue) must not wait there for ever
      await this.host.pool.query("DELETE FROM weft_dbos_inbox WHERE handler_id = $1", [handlerId]);
    }
    if (purge) {
      await DBOS.deleteWorkflow(handlerId);
      await this.host.pool.query(
        `WITH j AS (DELETE FROM weft_dbos_journal WHERE handler_id = $1), i AS (DELETE FROM weft_dbos_inbox WHERE handler_id = $1)
         DELETE FROM weft_dbos_traces WHERE handler_id = $1`,
        [handlerId],
      );
      this.watch.notify(handlerId);
    }
    return record;
  }

  /** A message is in the run's mailbox: a run executing here takes it now, and its readers look again. */
  private posted(handlerId: string): void {
    if (this.host.held(handlerId)) this.host.readMailbox();
    this.watch.notify(handlerId);
  }

  /**
   * The run's stream entries after `after`, tailing its journal in PostgreSQL (whichever worker writes it) until
   * the run has ended and every entry was given.
   */
  async *read(handlerId: string, after: number, heartbeatMs: number, signal: AbortSignal): AsyncGenerator<ServedEntry | null> {
    // numbered from the journal's first record on, so every reader and every process gives an entry the same seq
    const numbering = new StreamNumbering();
    let lastRecord = 0;
    let ending = false;
    while (!signal.aborted && !this.closed) {
      const alarm = this.watch.arm(handlerId, heartbeatMs, signal);
      try {
        const records = await recordsAfter(this.host.pool, handlerId, lastRecord, PAGE);
        if (records.length > 0) {
          alarm.disarm();
          lastRecord = records[records.length - 1].seq;
          for (const record of records) {
            const entry = numbering.add(record);
            if (entry && entry.seq > after) yield entry;
          }
          if (records[records.length - 1].type === "run.ended") return;
          continue;
        }
        // DBOS marks a run ended after its last record is stored: one more read after seeing that gives them all
        if (ending) return;
        const status = (await this.host.pool.query<{ status: string }>("SELECT status FROM dbos.workflow_status WHERE workflow_uuid = $1", [handlerId])).rows[0]?.status;
        if (status === undefined || ENDED.includes(status)) {
          ending = true;
          continue;
        }
        if (!(await alarm.woken) && !signal.aborted) yield null;
      } finally {
        alarm.disarm();
      }
    }
  }

  /** Stops serving: readers and waiters return; the runs go on in their workers. */
  async close(): Promise<void> {
    this.closed = true;
    this.watch.close();
  }
}

function sameWorkflow(record: ServedRecord, workflowName: string): ServedRecord {
  if (record.workflow_name !== workflowName) {
    throw new ServedRunError("conflict", `handler_id "${record.handler_id}" belongs to a run of workflow "${record.workflow_name}"`);
  }
  return record;
}
