import type pg from "pg";
import type { JournalRecord } from "@weft/workflows";
import type { ServedEntry } from "./served-shapes.js";

/** What a read of a run's journal gave: the stream entries after `after`, and where to read on. */
export interface EntryBatch {
  entries: ServedEntry[];
  /** The seq of the last journal record read (the next read starts after it). */
  lastRecord: number;
  /** The run's `run.ended` record was among them: no entry follows. */
  ended: boolean;
}

/**
 * A run's stream entries from its journal: each `stream.written` record is an entry, numbered by its place in the
 * run's stream (`streamSeq`: 1, 2, …, and a rebuilt run goes on counting), so any process gives the same numbers.
 * Reads at most `limit` journal records after `afterRecord`.
 */
export async function readEntries(pool: pg.Pool, handlerId: string, afterRecord: number, after: number, limit: number): Promise<EntryBatch> {
  const { rows } = await pool.query<{ seq: number; record: string }>(
    "SELECT seq, record FROM weft_dbos_journal WHERE handler_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    [handlerId, afterRecord, limit],
  );
  const batch: EntryBatch = { entries: [], lastRecord: rows.at(-1)?.seq ?? afterRecord, ended: false };
  for (const row of rows) {
    const r = JSON.parse(row.record) as JournalRecord;
    if (r.type === "stream.written" && r.streamSeq > after) batch.entries.push({ seq: r.streamSeq, type: r.event.type, data: r.event.data });
    else if (r.type === "run.ended") batch.ended = true;
  }
  return batch;
}
