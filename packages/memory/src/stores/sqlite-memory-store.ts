import type { Database } from "node-sqlite3-wasm";
import { MemoryInputError } from "../errors/memory-input-error.js";
import type { ChatMessage } from "../messages/chat-message.js";
import { decodeBlockState, decodeMessage, encodeBlockState } from "./decode-row.js";
import type { ListOptions, MemoryStore, StoredMessage } from "./memory-store.js";
import { retryBusy } from "./retry-busy.js";

export interface SQLiteMemoryStoreOptions {
  /** The database file (created when missing). Several processes may share it. */
  path: string;
  /** How long to wait for another process's lock before failing with `StoreBusyError` (default 10000). */
  busyTimeoutMs?: number;
  /** Prefix of the two tables (default `weft_memory`). */
  tablePrefix?: string;
}

type Row = Record<string, unknown>;

/**
 * Sessions in a SQLite file, the embedded persistent store. It runs SQLite compiled to WebAssembly
 * (`node-sqlite3-wasm`): nothing to compile or download at install, on any platform.
 *
 * Writes are transactions that take the database's write lock up front (`BEGIN IMMEDIATE`), so appends
 * from several processes are serialized: nothing is lost or duplicated. A writer that finds the file
 * locked retries with backoff until `busyTimeoutMs`.
 */
export class SQLiteMemoryStore implements MemoryStore {
  readonly kind = "sqlite";
  readonly path: string;
  private readonly busyTimeoutMs: number;
  private readonly messages: string;
  private readonly blocks: string;
  private db?: Promise<Database>;
  private closed = false;

  constructor(options: SQLiteMemoryStoreOptions | string) {
    const o = typeof options === "string" ? { path: options } : options;
    if (typeof o?.path !== "string" || o.path.trim() === "") {
      throw new MemoryInputError("SQLiteMemoryStore: options.path must be a file path", "options.path");
    }
    const prefix = o.tablePrefix ?? "weft_memory";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) {
      throw new MemoryInputError(`SQLiteMemoryStore: options.tablePrefix ${JSON.stringify(prefix)} must be a plain SQL name`, "options.tablePrefix");
    }
    this.path = o.path;
    this.busyTimeoutMs = o.busyTimeoutMs ?? 10_000;
    this.messages = `${prefix}_messages`;
    this.blocks = `${prefix}_block_states`;
  }

  async append(sessionId: string, messages: readonly ChatMessage[]): Promise<StoredMessage[]> {
    const texts = messages.map((m) => JSON.stringify(m));
    return this.write((db) => {
      const createdAt = new Date().toISOString();
      return texts.map((text, i) => {
        const { lastInsertRowid } = db.run(`INSERT INTO ${this.messages} (session_id, message, archived, created_at) VALUES (?, ?, 0, ?)`, [
          sessionId,
          text,
          createdAt,
        ]);
        return { id: String(lastInsertRowid), sessionId, message: JSON.parse(texts[i]) as ChatMessage, archived: false, createdAt: new Date(createdAt) };
      });
    });
  }

  async list(sessionId: string, options: ListOptions = {}): Promise<StoredMessage[]> {
    const filter = options.archived === undefined ? "" : ` AND archived = ${options.archived ? 1 : 0}`;
    const rows = await this.read((db) =>
      db.all(`SELECT id, message, archived, created_at FROM ${this.messages} WHERE session_id = ?${filter} ORDER BY id`, [sessionId]),
    );
    return rows.map((row) => this.toStored(sessionId, row));
  }

  async archive(sessionId: string, ids: readonly string[]): Promise<StoredMessage[]> {
    if (ids.length === 0) return [];
    const rows = await this.write((db) => {
      const marks = ids.map(() => "?").join(", ");
      const found = db.all(
        `SELECT id, message, archived, created_at FROM ${this.messages} WHERE session_id = ? AND archived = 0 AND id IN (${marks}) ORDER BY id`,
        [sessionId, ...ids.map(Number)],
      );
      db.run(`UPDATE ${this.messages} SET archived = 1 WHERE session_id = ? AND archived = 0 AND id IN (${marks})`, [sessionId, ...ids.map(Number)]);
      return found;
    });
    return rows.map((row) => ({ ...this.toStored(sessionId, row), archived: true }));
  }

  async unarchive(sessionId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.write((db) => {
      const marks = ids.map(() => "?").join(", ");
      db.run(`UPDATE ${this.messages} SET archived = 0 WHERE session_id = ? AND id IN (${marks})`, [sessionId, ...ids.map(Number)]);
    });
  }

  async replaceActive(sessionId: string, messages: readonly ChatMessage[]): Promise<StoredMessage[]> {
    const texts = messages.map((m) => JSON.stringify(m));
    return this.write((db) => {
      db.run(`DELETE FROM ${this.messages} WHERE session_id = ? AND archived = 0`, [sessionId]);
      const createdAt = new Date().toISOString();
      return texts.map((text) => {
        const { lastInsertRowid } = db.run(`INSERT INTO ${this.messages} (session_id, message, archived, created_at) VALUES (?, ?, 0, ?)`, [
          sessionId,
          text,
          createdAt,
        ]);
        return { id: String(lastInsertRowid), sessionId, message: JSON.parse(text) as ChatMessage, archived: false, createdAt: new Date(createdAt) };
      });
    });
  }

  async clear(sessionId: string): Promise<void> {
    await this.write((db) => {
      db.run(`DELETE FROM ${this.messages} WHERE session_id = ?`, [sessionId]);
      db.run(`DELETE FROM ${this.blocks} WHERE session_id = ?`, [sessionId]);
    });
  }

  async readBlockState(sessionId: string, block: string): Promise<unknown> {
    const row = await this.read((db) => db.get(`SELECT state FROM ${this.blocks} WHERE session_id = ? AND block = ?`, [sessionId, block]));
    return row ? decodeBlockState(sessionId, block, row.state) : undefined;
  }

  async updateBlockState(sessionId: string, block: string, update: (current: unknown) => unknown): Promise<unknown> {
    return this.write((db) => {
      const row = db.get(`SELECT state FROM ${this.blocks} WHERE session_id = ? AND block = ?`, [sessionId, block]);
      const text = encodeBlockState(block, update(row ? decodeBlockState(sessionId, block, row.state) : undefined));
      db.run(
        `INSERT INTO ${this.blocks} (session_id, block, state, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (session_id, block) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
        [sessionId, block, text, new Date().toISOString()],
      );
      return JSON.parse(text) as unknown;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const db = this.db;
    this.db = undefined;
    if (db) (await db).close();
  }

  private toStored(sessionId: string, row: Row): StoredMessage {
    const id = String(row.id);
    return {
      id,
      sessionId,
      message: decodeMessage(sessionId, id, row.message),
      archived: row.archived === 1,
      createdAt: new Date(String(row.created_at)),
    };
  }

  /** A write transaction holding the file's write lock from the start; retried while another process holds it. */
  private async write<T>(body: (db: Database) => T): Promise<T> {
    const db = await this.open();
    return this.retry(() => {
      db.exec("BEGIN IMMEDIATE");
      try {
        const result = body(db);
        db.exec("COMMIT");
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    });
  }

  private async read<T>(body: (db: Database) => T): Promise<T> {
    const db = await this.open();
    return this.retry(() => body(db));
  }

  private retry<T>(attempt: () => T): Promise<T> {
    return retryBusy(attempt, isBusy, this.busyTimeoutMs, (waited) =>
      `SQLite database ${this.path} stayed locked for ${waited} ms. If no process is using it, a process that crashed ` +
      `mid-write may have left its lock directory ${this.path}.lock behind: remove that directory.`,
    );
  }

  private open(): Promise<Database> {
    if (this.closed) return Promise.reject(new Error(`SQLiteMemoryStore ${this.path} is closed`));
    this.db ??= this.connect().catch((error: unknown) => {
      this.db = undefined;
      throw error;
    });
    return this.db;
  }

  private async connect(): Promise<Database> {
    // Loaded on first use: the WebAssembly module costs memory that users of other stores should not pay.
    const mod = (await import("node-sqlite3-wasm")) as unknown as { default?: { Database: typeof Database }; Database?: typeof Database };
    const Db = mod.Database ?? mod.default!.Database;
    const db = new Db(this.path);
    try {
      await this.createTables(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }

  /** Idempotent, and safe when several processes open a new file at once (it holds the write lock). */
  private async createTables(db: Database): Promise<void> {
    await this.retry(() => {
      db.exec("BEGIN IMMEDIATE");
      try {
        db.exec(`
          CREATE TABLE IF NOT EXISTS ${this.messages} (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL,
            message TEXT NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
          );
          CREATE INDEX IF NOT EXISTS ${this.messages}_session ON ${this.messages} (session_id, archived, id);
          CREATE TABLE IF NOT EXISTS ${this.blocks} (
            session_id TEXT NOT NULL,
            block TEXT NOT NULL,
            state TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (session_id, block)
          );`);
        db.exec("COMMIT");
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    });
  }
}

function isBusy(error: unknown): boolean {
  return error instanceof Error && /database is locked|SQLITE_BUSY|database table is locked/i.test(error.message);
}
