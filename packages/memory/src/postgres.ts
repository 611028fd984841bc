export {
  PostgresMemoryStore,
  type PostgresMemoryStoreOptions,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresPoolConfig,
} from "./stores/postgres-memory-store.js";
