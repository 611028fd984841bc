import { bindStepSignal, combineSignals, type StepSignalAware } from "@weft/core";
import type BetterSqlite3 from "better-sqlite3";
import { MemoryInputError } from "../errors/memory-input-error.js";
import type { ChatMessage } from "../messages/chat-message.js";
import { decodeBlockState, decodeMessage, encodeBlockState } from "./decode-row.js";
import type { ListOptions, MemoryStore, StoredMessage } from "./memory-store.js";
import { retryBusy } from "./retry-busy.js";

export interface SQLiteMemoryStoreOptions {
  /** The database file (created when missing). Several processes may share it. */
  path: string;
  /** How long to wait for another process's write lock before failing with `StoreBusyError` (default 10000). */
  busyTimeoutMs?: number;
  /** Prefix of the two tables (default `weft_memory`). */
  tablePrefix?: string;
}

type Database = BetterSqlite3.Database;
type Row = Record<string, unknown>;

/** What a store and every view bound to a step's signal share: one connection per store. */
interface Connection {
  db?: Promise<Database>;
  closed: boolean;
}

/**
 * Sessions in a SQLite file, the embedded persistent store, through `better-sqlite3`.
 *
 * The file is in WAL mode and every write is a transaction that takes SQLite's write lock up front
 * (`BEGIN IMMEDIATE`), so appends from several processes are serialized: nothing is lost or duplicated,
 * and readers never wait for writers. The locks are SQLite's own (POSIX locks held by the open file), so
 * the kernel drops them the moment a process dies, however it dies; a write it had not committed is
 * rolled back by the next process that opens the file.
 *
 * A writer that finds the lock taken waits on the event loop, with backoff, up to `busyTimeoutMs`:
 * SQLite's own busy handler would sleep the whole thread, and no abort could reach it.
 */
export class SQLiteMemoryStore implements MemoryStore, StepSignalAware<SQLiteMemoryStore> {
  readonly kind = "sqlite";
  readonly path: string;
  private readonly busyTimeoutMs: number;
  private readonly messages: string;
  private readonly blocks: string;
  private readonly connection: Connection = { closed: false };
  /** Set on a view bound to a step: aborts its waits for the lock. */
  private readonly signal?: AbortSignal;

  constructor(options: SQLiteMemoryStoreOptions | string) {
    const o = typeof options === "string" ? { path: options } : options;
    if (typeof o?.path !== "string" || o.path.trim() === "") {
      throw new MemoryInputError("SQLiteMemoryStore: options.path must be a file path", "options.path");
    }
    const prefix = o.tablePrefix ?? "weft_memory";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) {
      throw new MemoryInputError(`SQLiteMemoryStore: options.tablePrefix ${JSON.stringify(prefix)} must be a plain SQL name`, "options.tablePrefix");
    }
    const busyTimeoutMs = o.busyTimeoutMs ?? 10_000;
    if (!Number.isFinite(busyTimeoutMs) || busyTimeoutMs < 0) {
      throw new MemoryInputError(`SQLiteMemoryStore: options.busyTimeoutMs must be a number of ms ≥ 0, got ${busyTimeoutMs}`, "options.busyTimeoutMs");
    }
    this.path = o.path;
    this.busyTimeoutMs = busyTimeoutMs;
    this.messages = `${prefix}_messages`;
    this.blocks = `${prefix}_block_states`;
  }

  /** This store on the same connection, with every wait for the lock also ended by `signal`. */
  [bindStepSignal](signal: AbortSignal): SQLiteMemoryStore {
    const view = Object.create(this) as SQLiteMemoryStore;
    Object.defineProperty(view, "signal", { value: combineSignals(this.signal, signal) });
    return view;
  }

  async append(sessionId: string, messages: readonly ChatMessage[]): Promise<StoredMessage[]> {
    return this.write((db) => this.insert(db, sessionId, messages));
  }

  async list(sessionId: string, options: ListOptions = {}): Promise<StoredMessage[]> {
    const filter = options.archived === undefined ? "" : ` AND archived = ${options.archived ? 1 : 0}`;
    const rows = await this.read(
      (db) => db.prepare(`SELECT id, message, archived, created_at FROM ${this.messages} WHERE session_id = ?${filter} ORDER BY id`).all(sessionId) as Row[],
    );
    return rows.map((row) => this.toStored(sessionId, row));
  }

  async archive(sessionId: string, ids: readonly string[]): Promise<StoredMessage[]> {
    if (ids.length === 0) return [];
    const rows = await this.write((db) => {
      const marks = ids.map(() => "?").join(", ");
      const found = db
        .prepare(`SELECT id, message, archived, created_at FROM ${this.messages} WHERE session_id = ? AND archived = 0 AND id IN (${marks}) ORDER BY id`)
        .all(sessionId, ...ids.map(Number)) as Row[];
      db.prepare(`UPDATE ${this.messages} SET archived = 1 WHERE session_id = ? AND archived = 0 AND id IN (${marks})`).run(sessionId, ...ids.map(Number));
      return found;
    });
    return rows.map((row) => ({ ...this.toStored(sessionId, row), archived: true }));
  }

  async unarchive(sessionId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.write((db) => {
      const marks = ids.map(() => "?").join(", ");
      db.prepare(`UPDATE ${this.messages} SET archived = 0 WHERE session_id = ? AND id IN (${marks})`).run(sessionId, ...ids.map(Number));
    });
  }

  async replaceActive(sessionId: string, messages: readonly ChatMessage[]): Promise<StoredMessage[]> {
    return this.write((db) => {
      db.prepare(`DELETE FROM ${this.messages} WHERE session_id = ? AND archived = 0`).run(sessionId);
      return this.insert(db, sessionId, messages);
    });
  }

  async clear(sessionId: string): Promise<void> {
    await this.write((db) => {
      db.prepare(`DELETE FROM ${this.messages} WHERE session_id = ?`).run(sessionId);
      db.prepare(`DELETE FROM ${this.blocks} WHERE session_id = ?`).run(sessionId);
    });
  }

  async readBlockState(sessionId: string, block: string): Promise<unknown> {
    const row = await this.read((db) => db.prepare(`SELECT state FROM ${this.blocks} WHERE session_id = ? AND block = ?`).get(sessionId, block) as Row | undefined);
    return row ? decodeBlockState(sessionId, block, row.state) : undefined;
  }

  async updateBlockState(sessionId: string, block: string, update: (current: unknown) => unknown): Promise<unknown> {
    return this.write((db) => {
      const row = db.prepare(`SELECT state FROM ${this.blocks} WHERE session_id = ? AND block = ?`).get(sessionId, block) as Row | undefined;
      const text = encodeBlockState(block, update(row ? decodeBlockState(sessionId, block, row.state) : undefined));
      db.prepare(
        `INSERT INTO ${this.blocks} (session_id, block, state, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (session_id, block) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      ).run(sessionId, block, text, new Date().toISOString());
      return JSON.parse(text) as unknown;
    });
  }

  /** Closes the connection of this store and of every view bound from it. */
  async close(): Promise<void> {
    const connection = this.connection;
    connection.closed = true;
    const db = connection.db;
    connection.db = undefined;
    if (db) (await db.catch(() => undefined))?.close();
  }

  private insert(db: Database, sessionId: string, messages: readonly ChatMessage[]): StoredMessage[] {
    const createdAt = new Date().toISOString();
    const statement = db.prepare(`INSERT INTO ${this.messages} (session_id, message, archived, created_at) VALUES (?, ?, 0, ?)`);
    return messages.map((m) => {
      const text = JSON.stringify(m);
      const { lastInsertRowid } = statement.run(sessionId, text, createdAt);
      return { id: String(lastInsertRowid), sessionId, message: JSON.parse(text) as ChatMessage, archived: false, createdAt: new Date(createdAt) };
    });
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
    return this.retry(() => inTransaction(db, body));
  }

  private async read<T>(body: (db: Database) => T): Promise<T> {
    const db = await this.open();
    return this.retry(() => body(db));
  }

  private retry<T>(attempt: () => T): Promise<T> {
    return retryBusy(
      attempt,
      isBusy,
      this.busyTimeoutMs,
      (waited) => `SQLite database ${this.path} stayed locked by another connection for ${waited} ms (busyTimeoutMs ${this.busyTimeoutMs})`,
      this.signal,
    );
  }

  private open(): Promise<Database> {
    const connection = this.connection;
    if (connection.closed) return Promise.reject(new Error(`SQLiteMemoryStore ${this.path} is closed`));
    connection.db ??= this.connect().catch((error: unknown) => {
      connection.db = undefined;
      throw error;
    });
    return connection.db;
  }

  private async connect(): Promise<Database> {
    // Loaded on first use: users of other stores need not install the native driver.
    const Driver = await loadDriver();
    // timeout 0: a busy lock is reported at once and waited for on the event loop (see `retry`).
    const db = new Driver(this.path, { timeout: 0 });
    try {
      // WAL persists in the file; switching needs a moment alone with it, hence the retry.
      await this.retry(() => db.pragma("journal_mode = WAL"));
      // The driver's build makes a file already in WAL mode default to NORMAL, which may lose the last
      // commits on a power cut; a resolved put must be on disk.
      db.pragma("synchronous = FULL");
      await this.retry(() => inTransaction(db, () => this.createTables(db)));
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }

  /** Idempotent, and safe when several processes open a new file at once (it runs holding the write lock). */
  private createTables(db: Database): void {
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
  }
}

/** `body` in a transaction that holds the write lock from its start, committed whole or rolled back. */
function inTransaction<T>(db: Database, body: (db: Database) => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = body(db);
    db.exec("COMMIT");
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

async function loadDriver(): Promise<typeof BetterSqlite3> {
  try {
    const mod = (await import("better-sqlite3")) as unknown as { default?: typeof BetterSqlite3 };
    return mod.default ?? (mod as unknown as typeof BetterSqlite3);
  } catch (error) {
    throw new Error("SQLiteMemoryStore needs the better-sqlite3 package (npm install better-sqlite3), which could not be loaded", { cause: error });
  }
}

/** SQLITE_BUSY and its extended codes (…_RECOVERY after a crash, …_SNAPSHOT), and SQLITE_LOCKED. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code);
}
