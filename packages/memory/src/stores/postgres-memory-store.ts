import pg from "pg";
import { MemoryInputError } from "../errors/memory-input-error.js";
import type { ChatMessage } from "../messages/chat-message.js";
import { decodeBlockState, decodeMessage, encodeBlockState } from "./decode-row.js";
import type { ListOptions, MemoryStore, StoredMessage } from "./memory-store.js";

/** What the store needs of a query result; `pg`'s results have it. */
export interface PostgresQueryResult {
  rows: Record<string, unknown>[];
}

/** A connection checked out of a pool, as `pg`'s `PoolClient` is. */
export interface PostgresPoolClient {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  release(error?: Error | boolean): void;
}

/**
 * The part of a `pg` `Pool` the store uses. Declared here so this package's types do not depend on
 * `pg`'s (which an application may not have installed); any `pg.Pool` fits.
 */
export interface PostgresPool {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  connect(): Promise<PostgresPoolClient>;
  end(): Promise<void>;
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** Options for the pool the store creates: the common fields of `pg`'s `PoolConfig`, passed on as given. */
export interface PostgresPoolConfig {
  host?: string;
  port?: number;
  user?: string;
  password?: string | (() => string | Promise<string>);
  database?: string;
  connectionString?: string;
  ssl?: boolean | Record<string, unknown>;
  /** Most connections the pool opens (pg's default: 10). */
  max?: number;
  min?: number;
  idleTimeoutMillis?: number;
  connectionTimeoutMillis?: number;
  statement_timeout?: number;
  query_timeout?: number;
  application_name?: string;
  keepAlive?: boolean;
}

export interface PostgresMemoryStoreOptions {
  /** `postgresql://user:password@host:port/database`; or give `pool` / `config`. */
  connectionString?: string;
  /** An existing pool (a `pg.Pool`) to use; it stays open on `close()` (whoever made it ends it). */
  pool?: PostgresPool;
  /** Options for the pool this store creates (and ends on `close()`). */
  config?: PostgresPoolConfig;
  /** Prefix of the two tables (default `weft_memory`). */
  tablePrefix?: string;
}

type Row = Record<string, unknown>;

/**
 * Sessions in PostgreSQL, for several processes and machines serving the same users.
 *
 * Writes to a session take a transaction-scoped advisory lock on it, so concurrent appends commit in id
 * order and nothing is lost or duplicated; archiving is a conditional update, so racing flushes hand
 * each turn on once. Tables are created on first use.
 */
export class PostgresMemoryStore implements MemoryStore {
  readonly kind = "postgres";
  private readonly pool: PostgresPool;
  private readonly ownsPool: boolean;
  private readonly prefix: string;
  private readonly messages: string;
  private readonly blocks: string;
  private ready?: Promise<void>;

  constructor(options: PostgresMemoryStoreOptions) {
    const prefix = options?.tablePrefix ?? "weft_memory";
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) {
      throw new MemoryInputError(`PostgresMemoryStore: options.tablePrefix ${JSON.stringify(prefix)} must be a plain SQL name`, "options.tablePrefix");
    }
    if (!options?.pool && !options?.connectionString && !options?.config) {
      throw new MemoryInputError("PostgresMemoryStore: give options.connectionString, options.pool or options.config", "options");
    }
    this.prefix = prefix;
    this.messages = `${prefix}_messages`;
    this.blocks = `${prefix}_block_states`;
    this.ownsPool = !options.pool;
    this.pool = options.pool ?? new pg.Pool({ ...options.config, ...(options.connectionString && { connectionString: options.connectionString }) });
    // An idle connection that dies is replaced on the next query, which reports any lasting problem;
    // without a listener the pool's "error" event would crash the process.
    if (this.ownsPool) this.pool.on("error", () => {});
  }

  async append(sessionId: string, messages: readonly ChatMessage[]): Promise<StoredMessage[]> {
    return this.inSession(sessionId, (client) => this.insert(client, sessionId, messages));
  }

  async list(sessionId: string, options: ListOptions = {}): Promise<StoredMessage[]> {
    await this.setup();
    const filter = options.archived === undefined ? "" : ` AND archived = ${options.archived ? "true" : "false"}`;
    const { rows } = await this.pool.query(
      `SELECT id, message, archived, created_at FROM ${this.messages} WHERE session_id = $1${filter} ORDER BY id`,
      [sessionId],
    );
    return rows.map((row: Row) => this.toStored(sessionId, row));
  }

  async archive(sessionId: string, ids: readonly string[]): Promise<StoredMessage[]> {
    if (ids.length === 0) return [];
    await this.setup();
    // Racing archivers: the loser waits for the winner's row locks, re-checks `archived = false`, and skips.
    const { rows } = await this.pool.query(
      `UPDATE ${this.messages} SET archived = true
       WHERE session_id = $1 AND archived = false AND id = ANY($2::bigint[])
       RETURNING id, message, archived, created_at`,
      [sessionId, ids],
    );
    return rows.map((row: Row) => this.toStored(sessionId, row)).sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
  }

  async unarchive(sessionId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.setup();
    await this.pool.query(`UPDATE ${this.messages} SET archived = false WHERE session_id = $1 AND id = ANY($2::bigint[])`, [sessionId, ids]);
  }

  async replaceActive(sessionId: string, messages: readonly ChatMessage[]): Promise<StoredMessage[]> {
    return this.inSession(sessionId, async (client) => {
      await client.query(`DELETE FROM ${this.messages} WHERE session_id = $1 AND archived = false`, [sessionId]);
      return this.insert(client, sessionId, messages);
    });
  }

  async clear(sessionId: string): Promise<void> {
    await this.inSession(sessionId, async (client) => {
      await client.query(`DELETE FROM ${this.messages} WHERE session_id = $1`, [sessionId]);
      await client.query(`DELETE FROM ${this.blocks} WHERE session_id = $1`, [sessionId]);
    });
  }

  async readBlockState(sessionId: string, block: string): Promise<unknown> {
    await this.setup();
    const { rows } = await this.pool.query(`SELECT state FROM ${this.blocks} WHERE session_id = $1 AND block = $2`, [sessionId, block]);
    return rows.length === 0 ? undefined : decodeBlockState(sessionId, block, (rows[0] as Row).state);
  }

  async updateBlockState(sessionId: string, block: string, update: (current: unknown) => unknown): Promise<unknown> {
    await this.setup();
    return this.transaction(async (client) => {
      // The row may not exist yet, so lock the (session, block) key rather than the row.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))", [`${this.prefix}:block:${block}`, sessionId]);
      const { rows } = await client.query(`SELECT state FROM ${this.blocks} WHERE session_id = $1 AND block = $2`, [sessionId, block]);
      const current = rows.length === 0 ? undefined : decodeBlockState(sessionId, block, (rows[0] as Row).state);
      const text = encodeBlockState(block, update(current));
      await client.query(
        `INSERT INTO ${this.blocks} (session_id, block, state) VALUES ($1, $2, $3)
         ON CONFLICT (session_id, block) DO UPDATE SET state = excluded.state, updated_at = now()`,
        [sessionId, block, text],
      );
      return JSON.parse(text) as unknown;
    });
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  private async insert(client: PostgresPoolClient, sessionId: string, messages: readonly ChatMessage[]): Promise<StoredMessage[]> {
    const stored: StoredMessage[] = [];
    for (const message of messages) {
      const text = JSON.stringify(message);
      const { rows } = await client.query(
        `INSERT INTO ${this.messages} (session_id, message) VALUES ($1, $2) RETURNING id, created_at`,
        [sessionId, text],
      );
      const row = rows[0] as Row;
      stored.push({ id: String(row.id), sessionId, message: JSON.parse(text) as ChatMessage, archived: false, createdAt: row.created_at as Date });
    }
    return stored;
  }

  /** A transaction holding the session's write lock, so its writes commit in id order. */
  private async inSession<T>(sessionId: string, body: (client: PostgresPoolClient) => Promise<T>): Promise<T> {
    await this.setup();
    return this.transaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))", [`${this.prefix}:session`, sessionId]);
      return body(client);
    });
  }

  private async transaction<T>(body: (client: PostgresPoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await body(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  private toStored(sessionId: string, row: Row): StoredMessage {
    const id = String(row.id);
    return { id, sessionId, message: decodeMessage(sessionId, id, row.message), archived: row.archived === true, createdAt: row.created_at as Date };
  }

  private setup(): Promise<void> {
    this.ready ??= this.createTables().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /** Serialized across processes: concurrent `CREATE TABLE IF NOT EXISTS` can otherwise collide. */
  private async createTables(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`${this.prefix}:schema`]);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.messages} (
          id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          session_id TEXT NOT NULL,
          message TEXT NOT NULL,
          archived BOOLEAN NOT NULL DEFAULT false,
          created_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX IF NOT EXISTS ${this.messages}_session ON ${this.messages} (session_id, archived, id);
        CREATE TABLE IF NOT EXISTS ${this.blocks} (
          session_id TEXT NOT NULL,
          block TEXT NOT NULL,
          state TEXT NOT NULL,
          updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
          PRIMARY KEY (session_id, block)
        );`);
    });
  }
}
