export {
  PostgresMemoryStore,
  type PostgresMemoryStoreOptions,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresPoolConfig,
  type PostgresQueryResult,
} from "./stores/postgres-memory-store.js";
