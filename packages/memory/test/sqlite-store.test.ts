import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { Memory, StoreBusyError } from "../src/index.js";
import { SQLiteMemoryStore } from "../src/sqlite.js";
import { conversation } from "./support/conversation.js";
import { storeContract } from "./support/store-contract.js";

const dir = mkdtempSync(join(tmpdir(), "weft-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, "memory.db");

storeContract("SQLiteMemoryStore", () => ({
  open: async () => new SQLiteMemoryStore({ path: file }),
  corrupt: async (id, text) => {
    const db = new Database(file);
    try {
      db.prepare("UPDATE weft_memory_messages SET message = ? WHERE id = ?").run(text, Number(id));
    } finally {
      db.close();
    }
  },
}));

describe("SQLiteMemoryStore", () => {
  it("keeps sessions across restarts (a new store on the same file)", async () => {
    const path = join(dir, "restart.db");
    const first = Memory.fromDefaults({ sessionId: "u1", store: new SQLiteMemoryStore(path) });
    await first.putMessages(conversation(2));
    await first.store.close();
    const second = Memory.fromDefaults({ sessionId: "u1", store: new SQLiteMemoryStore(path) });
    expect(await second.get()).toEqual(conversation(2));
    await second.store.close();
  });

  it("fails with a clear error when another connection keeps the write lock, and works once it is released", async () => {
    const path = join(dir, "locked.db");
    const store = new SQLiteMemoryStore({ path, busyTimeoutMs: 50 });
    await store.append("s", conversation(1));
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    const error = await store.append("s", conversation(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreBusyError);
    expect((error as Error).message).toMatch(/SQLite database .*locked\.db stayed locked by another connection for \d+ ms \(busyTimeoutMs 50\)/);
    // WAL: readers do not wait for a writer.
    expect(await store.list("s")).toHaveLength(2);
    other.exec("ROLLBACK");
    other.close();
    await store.append("s", conversation(1));
    expect(await store.list("s")).toHaveLength(4);
    await store.close();
  });

  it("puts the file in WAL mode", async () => {
    const path = join(dir, "wal.db");
    const store = new SQLiteMemoryStore(path);
    await store.append("s", conversation(1));
    const db = new Database(path, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    await store.close();
  });

  it("uses its own table prefix and rejects unsafe ones", async () => {
    const path = join(dir, "prefix.db");
    const store = new SQLiteMemoryStore({ path, tablePrefix: "agent_mem" });
    await store.append("s", conversation(1));
    const db = new Database(path);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'agent_mem%' ORDER BY name").all()).toEqual([
      { name: "agent_mem_block_states" },
      { name: "agent_mem_messages" },
    ]);
    db.close();
    await store.close();
    expect(() => new SQLiteMemoryStore({ path, tablePrefix: "x; DROP TABLE y" })).toThrow(/tablePrefix .* must be a plain SQL name/);
    expect(existsSync(path)).toBe(true);
  });

  it("refuses to work after close", async () => {
    const store = new SQLiteMemoryStore(join(dir, "closed.db"));
    await store.append("s", conversation(1));
    await store.close();
    await expect(store.list("s")).rejects.toThrow(/is closed/);
  });
});
