import { PostgresStore } from "./postgres-store.js";
import type { RunStore } from "./run-store.js";
import { SqliteStore } from "./sqlite-store.js";

/** A `postgres://` or `postgresql://` URL opens PostgreSQL; anything else is a SQLite file path. */
export function openStore(location: string): RunStore {
  if (/^postgres(ql)?:\/\//i.test(location)) return new PostgresStore(location);
  return new SqliteStore(location);
}
