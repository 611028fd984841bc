import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { JournalRecord } from "@weft/workflows";
import { MIGRATIONS, MIGRATIONS_TABLE } from "./migrations.js";
import type { FirstRecords, HandlerPageQuery, HandlerRecord, RunStore, StreamEntry } from "./run-store.js";
import { WriteBatch } from "./write-batch.js";

type Statement = Database.Statement<unknown[], unknown>;

/**
 * The embedded default: one SQLite file in WAL mode with `synchronous = NORMAL`. Writes of one event-loop turn are
 * committed together (see `WriteBatch`); a write's promise resolves once its transaction is committed to the WAL, so
 * a `kill -9` after that loses nothing acknowledged (a power cut may lose the last commits: NORMAL does not fsync
 * each one).
 */
export class SqliteStore implements RunStore {
  private readonly db: Database.Database;
  private statements: Record<string, Statement> | undefined;
  private readonly batch: WriteBatch;

  constructor(readonly file: string) {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    // NORMAL in WAL mode survives a process crash (not a power cut); FULL would fsync every commit
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
    this.batch = new WriteBatch((body) => this.db.transaction(body)());
  }

  async migrate(): Promise<void> {
    this.db.exec(MIGRATIONS_TABLE);
    const row = this.db.prepare("SELECT MAX(version) AS v FROM weft_migrations").get() as { v: number | null };
    const applied = row.v ?? 0;
    for (let version = applied + 1; version <= MIGRATIONS.length; version++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version - 1]);
        this.db.prepare("INSERT INTO weft_migrations (version, applied_at) VALUES (?, ?)").run(version, new Date().toISOString());
      })();
    }
    this.statements = {
      insert: this.db.prepare("INSERT OR IGNORE INTO weft_handlers (handler_id, workflow_name, status, record, snapshot) VALUES (?, ?, ?, ?, ?)"),
      update: this.db.prepare("UPDATE weft_handlers SET status = ?, record = ? WHERE handler_id = ?"),
      updateWithSnapshot: this.db.prepare("UPDATE weft_handlers SET status = ?, record = ?, snapshot = ? WHERE handler_id = ?"),
      get: this.db.prepare("SELECT record FROM weft_handlers WHERE handler_id = ?"),
      list: this.db.prepare(
        `SELECT record FROM weft_handlers
         WHERE (@status IS NULL OR status = @status) AND (@name IS NULL OR workflow_name = @name) AND (@before IS NULL OR handler_id < @before)
         ORDER BY handler_id DESC LIMIT @limit`,
      ),
      deleteHandler: this.db.prepare("DELETE FROM weft_handlers WHERE handler_id = ?"),
      deleteEntries: this.db.prepare("DELETE FROM weft_entries WHERE handler_id = ?"),
      deleteJournal: this.db.prepare("DELETE FROM weft_journal WHERE handler_id = ?"),
      appendRecord: this.db.prepare("INSERT INTO weft_journal (handler_id, seq, record) VALUES (?, ?, ?)"),
      journal: this.db.prepare("SELECT record FROM weft_journal WHERE handler_id = ? ORDER BY seq"),
      append: this.db.prepare("INSERT INTO weft_entries (handler_id, seq, type, data) VALUES (?, ?, ?, ?)"),
      entries: this.db.prepare("SELECT seq, type, data FROM weft_entries WHERE handler_id = ? AND seq > ? ORDER BY seq LIMIT ?"),
      lastSeq: this.db.prepare("SELECT MAX(seq) AS seq FROM weft_entries WHERE handler_id = ?"),
      loadSnapshot: this.db.prepare("SELECT snapshot FROM weft_handlers WHERE handler_id = ?"),
    };
  }

  private get sql(): Record<string, Statement> {
    if (!this.statements) throw new Error("SqliteStore: call migrate() before using the store");
    return this.statements;
  }

  async createHandler(record: HandlerRecord, snapshot: unknown, first?: FirstRecords): Promise<boolean> {
    // serialised now: the caller's objects may change before the batch commits
    const row = [record.handler_id, record.workflow_name, record.status, JSON.stringify(record), JSON.stringify(snapshot)];
    const journal = first && this.journalRows(record.handler_id, first.records, first.entries);
    const sql = this.sql;
    return this.batch.add(() => {
      if (sql.insert.run(...row).changes !== 1) return false;
      if (journal) this.writeJournal(journal);
      return true;
    });
  }

  async updateHandler(record: HandlerRecord, snapshot?: unknown): Promise<void> {
    const json = JSON.stringify(record);
    const sql = this.sql;
    if (snapshot === undefined) return this.batch.add(() => void sql.update.run(record.status, json, record.handler_id));
    const saved = JSON.stringify(snapshot);
    return this.batch.add(() => void sql.updateWithSnapshot.run(record.status, json, saved, record.handler_id));
  }

  async getHandler(handlerId: string): Promise<HandlerRecord | undefined> {
    const row = this.sql.get.get(handlerId) as { record: string } | undefined;
    return row && (JSON.parse(row.record) as HandlerRecord);
  }

  async listHandlers(query: HandlerPageQuery): Promise<HandlerRecord[]> {
    const rows = this.sql.list.all({ status: query.status ?? null, name: query.workflow_name ?? null, before: query.before ?? null, limit: query.limit ?? -1 }) as {
      record: string;
    }[];
    return rows.map((r) => JSON.parse(r.record) as HandlerRecord);
  }

  async deleteHandler(handlerId: string): Promise<void> {
    const sql = this.sql;
    return this.batch.add(() => {
      sql.deleteEntries.run(handlerId);
      sql.deleteJournal.run(handlerId);
      sql.deleteHandler.run(handlerId);
    });
  }

  async appendEntry(handlerId: string, entry: StreamEntry): Promise<void> {
    const data = JSON.stringify(entry.data);
    const sql = this.sql;
    return this.batch.add(() => void sql.append.run(handlerId, entry.seq, entry.type, data));
  }

  async appendJournal(handlerId: string, records: readonly JournalRecord[], entries: readonly StreamEntry[]): Promise<void> {
    const rows = this.journalRows(handlerId, records, entries);
    return this.batch.add(() => this.writeJournal(rows));
  }

  private journalRows(handlerId: string, records: readonly JournalRecord[], entries: readonly StreamEntry[]): JournalRows {
    return {
      records: records.map((r) => [handlerId, r.seq, JSON.stringify(r)]),
      entries: entries.map((e) => [handlerId, e.seq, e.type, JSON.stringify(e.data)]),
    };
  }

  private writeJournal(rows: JournalRows): void {
    const sql = this.sql;
    for (const r of rows.records) sql.appendRecord.run(...r);
    for (const e of rows.entries) sql.append.run(...e);
  }

  async journal(handlerId: string): Promise<JournalRecord[]> {
    const rows = this.sql.journal.all(handlerId) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as JournalRecord);
  }

  async entries(handlerId: string, after: number, limit: number): Promise<StreamEntry[]> {
    const rows = this.sql.entries.all(handlerId, after, limit) as { seq: number; type: string; data: string }[];
    return rows.map((r) => ({ seq: r.seq, type: r.type, data: JSON.parse(r.data) as Record<string, unknown> }));
  }

  async lastSeq(handlerId: string): Promise<number> {
    return (this.sql.lastSeq.get(handlerId) as { seq: number | null }).seq ?? 0;
  }

  async loadSnapshot(handlerId: string): Promise<unknown> {
    const row = this.sql.loadSnapshot.get(handlerId) as { snapshot: string | null } | undefined;
    return row?.snapshot ? JSON.parse(row.snapshot) : undefined;
  }

  async close(): Promise<void> {
    this.batch.commit();
    this.db.close();
  }
}

/** A journal write's rows, serialised when it was asked for. */
interface JournalRows {
  records: unknown[][];
  entries: unknown[][];
}
