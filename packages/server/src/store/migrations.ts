/**
 * The store's schema, one entry per version, in SQL that SQLite and PostgreSQL both read. A store applies the
 * versions it has not applied yet, in order, each in its own transaction, and records them in `weft_migrations`.
 * Never edit a released entry: add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE weft_handlers (
     handler_id TEXT PRIMARY KEY,
     workflow_name TEXT NOT NULL,
     status TEXT NOT NULL,
     record TEXT NOT NULL,
     snapshot TEXT
   );
   CREATE INDEX weft_handlers_status ON weft_handlers (status);
   CREATE TABLE weft_entries (
     handler_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     type TEXT NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (handler_id, seq)
   );`,
  // 2: each run's journal (the engine's records, in order), which a restarted server rebuilds the run from
  `CREATE TABLE weft_journal (
     handler_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     record TEXT NOT NULL,
     PRIMARY KEY (handler_id, seq)
   );`,
];

export const MIGRATIONS_TABLE = "CREATE TABLE IF NOT EXISTS weft_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";
