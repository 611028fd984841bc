import type pg from "pg";
import type { JournalRecord } from "@weft/workflows";

/** Journal records of a run after `afterRecord`, at most `limit`, in order. */
export async function recordsAfter(pool: pg.Pool, handlerId: string, afterRecord: number, limit: number): Promise<JournalRecord[]> {
  const { rows } = await pool.query<{ record: string }>(
    "SELECT record FROM weft_dbos_journal WHERE handler_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    [handlerId, afterRecord, limit],
  );
  return rows.map((r) => JSON.parse(r.record) as JournalRecord);
}
