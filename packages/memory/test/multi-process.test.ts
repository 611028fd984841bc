import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { PostgresMemoryStore } from "../src/postgres.js";
import { SQLiteMemoryStore } from "../src/sqlite.js";
import { assertNoLossNoDuplicates } from "./support/assert-writers.js";
import { postgresUrl } from "./support/postgres-url.js";
import { runWriters } from "./support/run-writers.js";
import { freshSession } from "./support/store-contract.js";

const WRITERS = 4;
const TURNS = 15;

describe("several processes writing one session", () => {
  const dir = mkdtempSync(join(tmpdir(), "weft-mp-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("SQLite: no message is lost or duplicated, each writer's order is kept, flushes hand turns on once", { timeout: 120_000 }, async () => {
    const path = join(dir, "shared.db");
    const sessionId = freshSession("mp");
    const writers = await runWriters({ store: "sqlite", target: path, sessionId, writers: WRITERS, count: TURNS });
    const store = new SQLiteMemoryStore(path);
    await assertNoLossNoDuplicates(store, sessionId, writers, TURNS);
    await store.close();
  });

  it("PostgreSQL: no message is lost or duplicated, each writer's order is kept, flushes hand turns on once", { timeout: 120_000 }, async () => {
    const url = postgresUrl();
    const sessionId = freshSession("mp");
    const writers = await runWriters({ store: "postgres", target: url, sessionId, writers: WRITERS, count: TURNS });
    const store = new PostgresMemoryStore({ connectionString: url });
    await assertNoLossNoDuplicates(store, sessionId, writers, TURNS);
    await store.close();
  });
});
