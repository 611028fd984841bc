import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Memory, MemoryInputError } from "../src/index.js";
import { PostgresMemoryStore } from "../src/postgres.js";
import { conversation } from "./support/conversation.js";
import { postgresUrl } from "./support/postgres-url.js";
import { freshSession, storeContract } from "./support/store-contract.js";

let admin: pg.Pool;
beforeAll(() => {
  admin = new pg.Pool({ connectionString: postgresUrl() });
});
afterAll(async () => {
  await admin?.end();
});

storeContract("PostgresMemoryStore", () => ({
  open: async () => new PostgresMemoryStore({ connectionString: postgresUrl() }),
  corrupt: async (id, text) => {
    await admin.query("UPDATE weft_memory_messages SET message = $1 WHERE id = $2", [text, id]);
  },
}));

describe("PostgresMemoryStore", () => {
  it("keeps sessions across restarts and shares them between stores", async () => {
    const sessionId = freshSession();
    const first = Memory.fromDefaults({ sessionId, store: new PostgresMemoryStore({ connectionString: postgresUrl() }) });
    await first.putMessages(conversation(2));
    await first.store.close();
    const second = Memory.fromDefaults({ sessionId, store: new PostgresMemoryStore({ connectionString: postgresUrl() }) });
    expect(await second.get()).toEqual(conversation(2));
    await second.store.close();
  });

  it("uses a caller's pool without ending it, and its own table prefix", async () => {
    const pool = new pg.Pool({ connectionString: postgresUrl() });
    const store = new PostgresMemoryStore({ pool, tablePrefix: "agent_mem" });
    await store.append("s", conversation(1));
    await store.close();
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM agent_mem_messages");
    expect(rows[0].n).toBe(2);
    await pool.end();
  });

  it("serializes concurrent appends to one session from many connections", async () => {
    const sessionId = freshSession();
    const stores = Array.from({ length: 5 }, () => new PostgresMemoryStore({ connectionString: postgresUrl() }));
    await Promise.all(
      stores.map((store, w) =>
        (async () => {
          for (let i = 0; i < 10; i++) await store.append(sessionId, [{ role: "user", content: `w${w} ${i}` }, { role: "assistant", content: `w${w} ${i} reply` }]);
        })(),
      ),
    );
    const listed = await stores[0].list(sessionId);
    expect(listed).toHaveLength(100);
    // Each append stays contiguous: a user message is always followed by its own reply.
    for (let i = 0; i < listed.length; i += 2) expect(listed[i + 1].message.content).toBe(`${String(listed[i].message.content)} reply`);
    await Promise.all(stores.map((s) => s.close()));
  });

  it("needs somewhere to connect to", () => {
    expect(() => new PostgresMemoryStore({})).toThrow(MemoryInputError);
    expect(() => new PostgresMemoryStore({ connectionString: "postgresql://x", tablePrefix: "bad-name" })).toThrow(/tablePrefix/);
  });
});
