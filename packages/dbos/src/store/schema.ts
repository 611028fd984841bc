import type pg from "pg";

/**
 * Weft's own tables next to DBOS's (which live in the `dbos` schema): the runs' journals, the mailbox of events
 * sent to runs from outside, the runs' trace contexts, and the workers' heartbeats. Created idempotently, one migrator at a time.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS weft_dbos_journal (
  handler_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (handler_id, seq)
);
CREATE TABLE IF NOT EXISTS weft_dbos_inbox (
  id BIGSERIAL PRIMARY KEY,
  handler_id TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS weft_dbos_inbox_handler ON weft_dbos_inbox (handler_id, id);
CREATE TABLE IF NOT EXISTS weft_dbos_traces (
  handler_id TEXT PRIMARY KEY,
  traceparent TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS weft_dbos_executors (
  executor_id TEXT PRIMARY KEY,
  beat_at BIGINT NOT NULL
);
`;

const LOCK = 7461627;

const NAMES = [...TABLES.matchAll(/CREATE (?:TABLE|INDEX) IF NOT EXISTS (\w+)/g)].map((m) => m[1]);

export async function createTables(pool: pg.Pool): Promise<void> {
  // every worker start comes here: one look at the catalog instead of the migration lock and DDL, once all exist
  const { rows } = await pool.query<{ present: number }>("SELECT count(to_regclass(name)) :: int AS present FROM unnest($1::text[]) AS name", [NAMES]);
  if (rows[0].present === NAMES.length) return;
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK]);
    await client.query(TABLES);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK]).catch(() => undefined);
    client.release();
  }
}

/** The database's clock in epoch ms: workers on different machines compare heartbeats on one clock. */
export const DB_NOW_MS = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint";
