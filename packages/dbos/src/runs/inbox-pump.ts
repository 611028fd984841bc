import type pg from "pg";
import type { Event, EventRegistry, WorkflowHandler } from "@weft/workflows";
import type { PgJournal } from "../store/pg-journal.js";
import { readMessages, type InboxEntry } from "../store/inbox.js";

/** A run executing in this worker, as the mailbox sees it. */
export interface MailboxRun {
  handler: WorkflowHandler<unknown, unknown>;
  journal: PgJournal;
  registry: EventRegistry;
}

/**
 * Delivers messages sent to runs from outside to the runs this worker holds. Polls the mailbox of its live runs
 * every `pollMs`; a message taken is deleted with the journal records it caused (`PgJournal.consume`), so until then
 * it is remembered here and not delivered twice.
 */
export class InboxPump {
  private readonly taken = new Set<string>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private polling = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly runs: ReadonlyMap<string, MailboxRun>,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Reads and delivers now (a run just came in: what waited for it is delivered without waiting a poll). */
  async poll(): Promise<void> {
    if (this.polling || this.runs.size === 0) return;
    this.polling = true;
    try {
      const entries = await readMessages(this.pool, [...this.runs.keys()], "0");
      const seen = new Set<string>();
      for (const entry of entries) {
        seen.add(entry.id);
        if (!this.taken.has(entry.id)) this.deliver(entry);
      }
      for (const id of this.taken) if (!seen.has(id)) this.taken.delete(id);
    } catch (error) {
      this.onError(error);
    } finally {
      this.polling = false;
    }
  }

  private deliver(entry: InboxEntry): void {
    const run = this.runs.get(entry.handlerId);
    if (!run) return;
    this.taken.add(entry.id);
    const { message } = entry;
    try {
      if (message.kind === "cancel") run.handler.cancel(message.reason);
      else {
        const event: Event = run.registry.fromJSON(message.event);
        run.handler.ctx.sendEvent(event, message.step === undefined ? undefined : { step: message.step });
      }
    } catch (error) {
      // the run has ended, or the message no longer fits it: dropped, and said so
      this.onError(new Error(`run ${entry.handlerId}: message ${entry.id} not delivered: ${error instanceof Error ? error.message : String(error)}`));
    }
    run.journal.consume(entry.id);
  }
}
