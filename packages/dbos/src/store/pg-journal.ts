import type pg from "pg";
import type { Journal, JournalRecord } from "@weft/workflows";
import { defaultWriteRetry, withWriteRetry, type WriteRetryOptions } from "./write-retry.js";

type Ended = Extract<JournalRecord, { type: "run.ended" }>;

/**
 * One run's journal in PostgreSQL. Records are appended synchronously by the engine and written in batches (all
 * records of one event-loop turn in one statement), each batch after the previous one, so what is stored is always
 * a prefix of the journal. Mailbox messages the run consumed are deleted in the same statement as the records they
 * caused: a crash either keeps both or neither, so an event from outside is delivered exactly once into the journal.
 * A batch that fails for a transient reason (PostgreSQL restarting, a connection cut) is sent again, with capped
 * backoff, before any later batch: the prefix holds across the outage. Any other failure stops the journal.
 */
export class PgJournal implements Journal {
  private pending: JournalRecord[] = [];
  private consumed: string[] = [];
  private queued = false;
  /** Batches handed to the write chain and not yet stored (or failed). */
  private inFlight = 0;
  private writes: Promise<void>;
  private stopped = false;
  private failure: unknown;
  private endedRecord: Ended | undefined;
  private resolveEnded!: (record: Ended) => void;
  private rejectEnded!: (error: unknown) => void;
  /** Settles once `run.ended` is stored (or a write failed). */
  readonly ended: Promise<Ended>;

  /** `before`: what must be stored before the first record (the DBOS workflow that owns the run). */
  constructor(
    private readonly pool: pg.Pool,
    readonly handlerId: string,
    before: Promise<unknown> = Promise.resolve(),
    private readonly retry: WriteRetryOptions = defaultWriteRetry,
  ) {
    this.ended = new Promise<Ended>((resolve, reject) => {
      this.resolveEnded = resolve;
      this.rejectEnded = reject;
    });
    this.ended.catch(() => undefined);
    this.writes = before.then(
      () => undefined,
      (error: unknown) => this.fail(error),
    );
  }

  append(record: JournalRecord): void {
    if (this.stopped) return;
    this.pending.push(record);
    if (record.type === "run.ended") this.endedRecord = record;
    this.queueFlush();
  }

  /** A mailbox message the run took in: deleted with the next batch of records. */
  consume(messageId: string): void {
    if (this.stopped) return;
    this.consumed.push(messageId);
    this.queueFlush();
  }

  /** Records nothing more (the process hands the run over, or shuts down). */
  stop(): void {
    this.stopped = true;
    this.pending = [];
    this.consumed = [];
  }

  /**
   * `Journal.settled`: undefined when everything appended is stored, else the write that stores it (sent now, not at
   * the end of the turn). The run starts its next step only then, so a crash can lose at most the records of the
   * steps in flight: each run repeats at most one completed step and one LLM call per crash.
   */
  settled(): Promise<void> | undefined {
    if (this.pending.length === 0 && this.consumed.length === 0 && this.inFlight === 0) return undefined;
    return this.flushed();
  }

  /** Resolves once everything appended so far is stored. */
  flushed(): Promise<void> {
    if (this.queued) this.flush();
    return this.writes;
  }

  private queueFlush(): void {
    if (this.queued) return;
    this.queued = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.queued = false;
    if (this.pending.length === 0 && this.consumed.length === 0) return;
    const records = this.pending;
    const consumed = this.consumed;
    const ended = this.endedRecord;
    this.pending = [];
    this.consumed = [];
    this.inFlight++;
    this.writes = this.writes.then(async () => {
      try {
        if (this.failure !== undefined || this.stopped) return;
        await this.write(records, consumed);
        if (ended && records.includes(ended)) this.resolveEnded(ended);
      } catch (error) {
        this.fail(error);
      } finally {
        this.inFlight--;
      }
    });
  }

  private async write(records: readonly JournalRecord[], consumed: readonly string[]): Promise<void> {
    const texts = records.map((r) => JSON.stringify(r));
    await withWriteRetry(async (retried) => {
      // a journal stopped while it waited out an outage stops trying, as a stopped journal writes nothing: the process
      // is handing the run over, which must not fail it
      if (this.stopped) return;
      try {
        // one statement, so one implicit transaction: the records and the deletion of what caused them land together
        await this.pool.query(
          `WITH d AS (DELETE FROM weft_dbos_inbox WHERE handler_id = $1 AND id = ANY($4::bigint[]))
           INSERT INTO weft_dbos_journal (handler_id, seq, record) SELECT $1, * FROM unnest($2::int[], $3::text[])`,
          [this.handlerId, records.map((r) => r.seq), texts, consumed],
        );
      } catch (error) {
        // the connection broke after the statement committed: the records in place are this batch, not a rival's
        if (retried && (error as { code?: unknown }).code === "23505" && (await this.stored(records, texts))) return;
        throw error;
      }
    }, this.retry);
  }

  /** Whether exactly these records are stored at their places. */
  private async stored(records: readonly JournalRecord[], texts: readonly string[]): Promise<boolean> {
    const { rows } = await this.pool.query<{ seq: number; record: string }>(
      "SELECT seq, record FROM weft_dbos_journal WHERE handler_id = $1 AND seq = ANY($2::int[])",
      [this.handlerId, records.map((r) => r.seq)],
    );
    const mine = new Map(records.map((r, i) => [r.seq, texts[i]]));
    return rows.length === records.length && rows.every((row) => mine.get(row.seq) === row.record);
  }

  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.stopped = true;
    this.rejectEnded(error);
  }
}

/** A run's stored records, in order. */
export async function loadJournal(pool: pg.Pool, handlerId: string): Promise<JournalRecord[]> {
  const { rows } = await pool.query<{ record: string }>("SELECT record FROM weft_dbos_journal WHERE handler_id = $1 ORDER BY seq", [handlerId]);
  return rows.map((r) => JSON.parse(r.record) as JournalRecord);
}
