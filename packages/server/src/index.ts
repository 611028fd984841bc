export { createServer, type ServerOptions, type WeftServer, type ListenInfo } from "./server/create-server.js";
export type { ServableWorkflow, EventEnvelope } from "./runs/run-driver.js";
export type { RunManager } from "./runs/run-manager.js";
export type { ServerRuns, RunOwner } from "./runs/server-runs.js";
export type { HandlerRecord, HandlerStatus, HandlerFilter, HandlerPageQuery, FirstRecords, StreamEntry, RunStore } from "./store/run-store.js";
export { MemoryStore, type MemoryStoreOptions } from "./store/memory-store.js";
export { SqliteStore } from "./store/sqlite-store.js";
export { PostgresStore } from "./store/postgres-store.js";
export { openStore, type OpenStoreOptions } from "./store/open-store.js";
