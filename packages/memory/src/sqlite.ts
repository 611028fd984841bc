export { SQLiteMemoryStore, type SQLiteMemoryStoreOptions } from "./stores/sqlite-memory-store.js";
