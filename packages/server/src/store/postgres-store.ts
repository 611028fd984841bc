import type { Pool } from "pg";
import type { JournalRecord } from "@weft/workflows";
import { loadOptional } from "./load-optional.js";
import { MIGRATIONS, MIGRATIONS_TABLE } from "./migrations.js";
import type { FirstRecords, HandlerPageQuery, HandlerRecord, RunStore, StreamEntry } from "./run-store.js";

/**
 * Keeps runs in PostgreSQL: for a server that must survive its machine, or several servers sharing runs. Needs the
 * `pg` package (an optional peer dependency: a server on SQLite neither installs nor loads it).
 */
export class PostgresStore implements RunStore {
  private readonly pool: Promise<Pool>;

  constructor(url: string) {
    // pg is CommonJS: its exports are the ES module's default
    this.pool = loadOptional<{ default: typeof import("pg") }>("pg", "a postgres:// store", () => import("pg")).then(
      (pg) => new pg.default.Pool({ connectionString: url, max: 10 }),
    );
    this.pool.catch(() => undefined); // reported by the first call that uses the store (migrate)
  }

  async migrate(): Promise<void> {
    const client = await (await this.pool).connect();
    try {
      // one migrator at a time when several servers start together
      await client.query("SELECT pg_advisory_lock(7461626)");
      await client.query(MIGRATIONS_TABLE);
      const { rows } = await client.query<{ v: number | null }>("SELECT MAX(version) AS v FROM weft_migrations");
      for (let version = (rows[0].v ?? 0) + 1; version <= MIGRATIONS.length; version++) {
        await client.query("BEGIN");
        try {
          await client.query(MIGRATIONS[version - 1]);
          await client.query("INSERT INTO weft_migrations (version, applied_at) VALUES ($1, $2)", [version, new Date().toISOString()]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock(7461626)").catch(() => undefined);
      client.release();
    }
  }

  async createHandler(record: HandlerRecord, snapshot: unknown, first?: FirstRecords): Promise<boolean> {
    // one statement, so one transaction; the journal rows are inserted only when the handler row was
    const { rows } = await (await this.pool).query<{ n: string }>(
      `WITH h AS (
         INSERT INTO weft_handlers (handler_id, workflow_name, status, record, snapshot) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (handler_id) DO NOTHING RETURNING handler_id),
       j AS (INSERT INTO weft_journal (handler_id, seq, record) SELECT h.handler_id, u.* FROM h, unnest($6::int[], $7::text[]) u),
       e AS (INSERT INTO weft_entries (handler_id, seq, type, data) SELECT h.handler_id, u.* FROM h, unnest($8::int[], $9::text[], $10::text[]) u)
       SELECT COUNT(*) AS n FROM h`,
      [record.handler_id, record.workflow_name, record.status, JSON.stringify(record), JSON.stringify(snapshot), ...journalColumns(first?.records ?? [], first?.entries ?? [])],
    );
    return Number(rows[0].n) === 1;
  }

  async updateHandler(record: HandlerRecord, snapshot?: unknown): Promise<void> {
    if (snapshot === undefined) {
      await (await this.pool).query("UPDATE weft_handlers SET status = $1, record = $2 WHERE handler_id = $3", [record.status, JSON.stringify(record), record.handler_id]);
    } else {
      await (await this.pool).query("UPDATE weft_handlers SET status = $1, record = $2, snapshot = $3 WHERE handler_id = $4", [
        record.status,
        JSON.stringify(record),
        JSON.stringify(snapshot),
        record.handler_id,
      ]);
    }
  }

  async getHandler(handlerId: string): Promise<HandlerRecord | undefined> {
    const { rows } = await (await this.pool).query<{ record: string }>("SELECT record FROM weft_handlers WHERE handler_id = $1", [handlerId]);
    return rows[0] && (JSON.parse(rows[0].record) as HandlerRecord);
  }

  async listHandlers(query: HandlerPageQuery): Promise<HandlerRecord[]> {
    const { rows } = await (await this.pool).query<{ record: string }>(
      `SELECT record FROM weft_handlers
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR workflow_name = $2) AND ($3::text IS NULL OR handler_id < $3)
       ORDER BY handler_id DESC LIMIT $4`,
      [query.status ?? null, query.workflow_name ?? null, query.before ?? null, query.limit ?? null],
    );
    return rows.map((r) => JSON.parse(r.record) as HandlerRecord);
  }

  async deleteHandler(handlerId: string): Promise<void> {
    await (await this.pool).query("WITH e AS (DELETE FROM weft_entries WHERE handler_id = $1), j AS (DELETE FROM weft_journal WHERE handler_id = $1) DELETE FROM weft_handlers WHERE handler_id = $1", [handlerId]);
  }

  async appendEntry(handlerId: string, entry: StreamEntry): Promise<void> {
    await (await this.pool).query("INSERT INTO weft_entries (handler_id, seq, type, data) VALUES ($1, $2, $3, $4)", [
      handlerId,
      entry.seq,
      entry.type,
      JSON.stringify(entry.data),
    ]);
  }

  async appendJournal(handlerId: string, records: readonly JournalRecord[], entries: readonly StreamEntry[]): Promise<void> {
    // one statement, so one implicit transaction: records and entries land together or not at all
    await (await this.pool).query(
      `WITH j AS (INSERT INTO weft_journal (handler_id, seq, record) SELECT $1, * FROM unnest($2::int[], $3::text[]))
       INSERT INTO weft_entries (handler_id, seq, type, data) SELECT $1, * FROM unnest($4::int[], $5::text[], $6::text[])`,
      [handlerId, ...journalColumns(records, entries)],
    );
  }

  async journal(handlerId: string): Promise<JournalRecord[]> {
    const { rows } = await (await this.pool).query<{ record: string }>("SELECT record FROM weft_journal WHERE handler_id = $1 ORDER BY seq", [handlerId]);
    return rows.map((r) => JSON.parse(r.record) as JournalRecord);
  }

  async entries(handlerId: string, after: number, limit: number): Promise<StreamEntry[]> {
    const { rows } = await (await this.pool).query<{ seq: number; type: string; data: string }>(
      "SELECT seq, type, data FROM weft_entries WHERE handler_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
      [handlerId, after, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), type: r.type, data: JSON.parse(r.data) as Record<string, unknown> }));
  }

  async lastSeq(handlerId: string): Promise<number> {
    const { rows } = await (await this.pool).query<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM weft_entries WHERE handler_id = $1", [handlerId]);
    return Number(rows[0].seq ?? 0);
  }

  async loadSnapshot(handlerId: string): Promise<unknown> {
    const { rows } = await (await this.pool).query<{ snapshot: string | null }>("SELECT snapshot FROM weft_handlers WHERE handler_id = $1", [handlerId]);
    return rows[0]?.snapshot ? JSON.parse(rows[0].snapshot) : undefined;
  }


  async close(): Promise<void> {
    const pool = await this.pool.catch(() => undefined);
    await pool?.end();
  }
}

/** Records and entries as the column arrays `unnest` takes: record seqs and JSON, entry seqs, types and data. */
function journalColumns(records: readonly JournalRecord[], entries: readonly StreamEntry[]): unknown[] {
  return [
    records.map((r) => r.seq),
    records.map((r) => JSON.stringify(r)),
    entries.map((e) => e.seq),
    entries.map((e) => e.type),
    entries.map((e) => JSON.stringify(e.data)),
  ];
}
