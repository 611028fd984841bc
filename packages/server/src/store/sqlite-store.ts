import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { JournalRecord } from "@weft/workflows";
import { MIGRATIONS, MIGRATIONS_TABLE } from "./migrations.js";
import type { HandlerFilter, HandlerRecord, RunStore, StreamEntry } from "./run-store.js";

type Statement = Database.Statement<unknown[], unknown>;

/**
 * The embedded default: one SQLite file (WAL mode). better-sqlite3 is synchronous, so every write is on disk (in the
 * WAL) before the promise resolves, and a `kill -9` right after loses nothing that was acknowledged.
 */
export class SqliteStore implements RunStore {
  private readonly db: Database.Database;
  private statements: Record<string, Statement> | undefined;

  constructor(readonly file: string) {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    // NORMAL in WAL mode survives a process crash (not a power cut); FULL would fsync every entry
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("busy_timeout = 5000");
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
        "SELECT record FROM weft_handlers WHERE (? IS NULL OR status = ?) AND (? IS NULL OR workflow_name = ?) ORDER BY rowid",
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

  async createHandler(record: HandlerRecord, snapshot: unknown): Promise<boolean> {
    const info = this.sql.insert.run(record.handler_id, record.workflow_name, record.status, JSON.stringify(record), JSON.stringify(snapshot));
    return info.changes === 1;
  }

  async updateHandler(record: HandlerRecord, snapshot?: unknown): Promise<void> {
    if (snapshot === undefined) this.sql.update.run(record.status, JSON.stringify(record), record.handler_id);
    else this.sql.updateWithSnapshot.run(record.status, JSON.stringify(record), JSON.stringify(snapshot), record.handler_id);
  }

  async getHandler(handlerId: string): Promise<HandlerRecord | undefined> {
    const row = this.sql.get.get(handlerId) as { record: string } | undefined;
    return row && (JSON.parse(row.record) as HandlerRecord);
  }

  async listHandlers(filter: HandlerFilter): Promise<HandlerRecord[]> {
    const status = filter.status ?? null;
    const name = filter.workflow_name ?? null;
    const rows = this.sql.list.all(status, status, name, name) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as HandlerRecord);
  }

  async deleteHandler(handlerId: string): Promise<void> {
    this.db.transaction(() => {
      this.sql.deleteEntries.run(handlerId);
      this.sql.deleteJournal.run(handlerId);
      this.sql.deleteHandler.run(handlerId);
    })();
  }

  async appendEntry(handlerId: string, entry: StreamEntry): Promise<void> {
    this.sql.append.run(handlerId, entry.seq, entry.type, JSON.stringify(entry.data));
  }

  async appendJournal(handlerId: string, records: readonly JournalRecord[], entries: readonly StreamEntry[]): Promise<void> {
    this.db.transaction(() => {
      for (const r of records) this.sql.appendRecord.run(handlerId, r.seq, JSON.stringify(r));
      for (const e of entries) this.sql.append.run(handlerId, e.seq, e.type, JSON.stringify(e.data));
    })();
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
    this.db.close();
  }
}
