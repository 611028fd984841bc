import { MemoryStore } from "./memory-store.js";
import { PostgresStore } from "./postgres-store.js";
import type { RunStore } from "./run-store.js";
import { SqliteStore } from "./sqlite-store.js";

export interface OpenStoreOptions {
  /** Ended runs a memory store keeps (see `MemoryStore`); the SQL stores keep every run, so they refuse it. */
  retain?: number;
}

/**
 * `memory` keeps runs in this process (`MemoryStore`), a `postgres://` or `postgresql://` URL opens PostgreSQL, and
 * anything else is a SQLite file path.
 */
export function openStore(location: string, options: OpenStoreOptions = {}): RunStore {
  if (location === "memory") return new MemoryStore({ retain: options.retain });
  if (options.retain !== undefined) throw new TypeError(`retain applies to the memory store only (the store is "${location}", which keeps every run)`);
  if (/^postgres(ql)?:\/\//i.test(location)) return new PostgresStore(location);
  return new SqliteStore(location);
}
