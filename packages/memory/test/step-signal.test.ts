import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { OpenAIEmbedding } from "@weft/llm";
import { withStepSignal } from "@weft/core";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InMemoryStore, Memory, MemorySessions, VectorBlock, type FlushError, type MemoryBlock } from "../src/index.js";
import { SQLiteMemoryStore } from "../src/sqlite.js";
import { conversation } from "./support/conversation.js";
import { smallMemory } from "./support/small-memory.js";
import { wordTokenizer } from "./support/word-tokenizer.js";

const dir = mkdtempSync(join(tmpdir(), "weft-signal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Settles with what `promise` gave, and how long after `abort` it took. */
async function abortAndTime(promise: Promise<unknown>, controller: AbortController): Promise<{ error: unknown; ms: number }> {
  const settled = promise.then(
    () => ({ error: undefined }),
    (error: unknown) => ({ error }),
  );
  const start = performance.now();
  controller.abort();
  const { error } = await settled;
  return { error, ms: performance.now() - start };
}

describe("a memory bound to a step's signal", () => {
  it("stops waiting for a busy SQLite store when the signal aborts, having written nothing; the unbound memory is unaffected", async () => {
    const path = join(dir, "busy.db");
    const memory = Memory.fromDefaults({ sessionId: "s", store: new SQLiteMemoryStore({ path, busyTimeoutMs: 60_000 }), tokenizer: wordTokenizer });
    await memory.putMessages(conversation(1));
    const other = new Database(path);
    try {
      other.exec("BEGIN IMMEDIATE");
      const controller = new AbortController();
      const bound = withStepSignal(memory, controller.signal);
      expect(bound).not.toBe(memory);
      expect(bound).toBeInstanceOf(Memory);
      const put = bound.put({ role: "user", content: "never stored" });
      // Let it reach the wait for the lock.
      await sleep(50);
      const { error, ms } = await abortAndTime(put, controller);
      expect(error).toMatchObject({ name: "AbortError" });
      // Not the 60 s busy timeout: the wait itself ended.
      expect(ms).toBeLessThan(5_000);
    } finally {
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
    }
    expect(await memory.getAll()).toEqual(conversation(1));
    await memory.put({ role: "user", content: "stored" });
    expect((await memory.getAll()).at(-1)).toEqual({ role: "user", content: "stored" });
    await memory.store.close();
  });

  it("rejects at once and writes nothing once the signal has aborted", async () => {
    const memory = Memory.fromDefaults({ sessionId: "s", tokenizer: wordTokenizer });
    await memory.putMessages(conversation(1));
    const controller = new AbortController();
    const bound = withStepSignal(memory, controller.signal);
    controller.abort();
    await expect(bound.put({ role: "user", content: "x" })).rejects.toMatchObject({ name: "AbortError" });
    await expect(bound.set([])).rejects.toMatchObject({ name: "AbortError" });
    await expect(bound.reset()).rejects.toMatchObject({ name: "AbortError" });
    await expect(bound.get()).rejects.toMatchObject({ name: "AbortError" });
    expect(await memory.getAll()).toEqual(conversation(1));
  });

  describe("with an embedding model that does not answer", () => {
    let server: Server;
    let baseURL: string;
    const open = new Set<IncomingMessage>();
    const closed: IncomingMessage[] = [];
    beforeAll(async () => {
      // Holds every request open and notes when the client gives up on it.
      server = createServer((req) => {
        open.add(req);
        req.resume();
        req.socket.on("close", () => {
          open.delete(req);
          closed.push(req);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("get ends the block's HTTP request when the signal aborts", async () => {
      const embedding = new OpenAIEmbedding({ model: "text-embedding-3-small", apiKey: "test-key", baseURL, maxRetries: 0 });
      const store = new InMemoryStore();
      await store.updateBlockState("s", "vector", () => ({ entries: [{ text: "user: cats", vector: [1, 0] }] }));
      await store.append("s", [{ role: "user", content: "tell me about cats" }]);
      const memory = Memory.fromDefaults({ sessionId: "s", store, tokenizer: wordTokenizer, blocks: [new VectorBlock({ embedding })] });
      const controller = new AbortController();
      const get = withStepSignal(memory, controller.signal).get();
      while (open.size === 0) await sleep(5);
      const { error } = await abortAndTime(get, controller);
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).message)).toMatch(/abort/i);
      while (open.size > 0) await sleep(5);
      expect(closed).toHaveLength(1);
    });
  });

  it("a put whose flush is cut short resolves (its message is stored) and gives the turns back for the next put", async () => {
    const received: string[] = [];
    let started!: () => void;
    const blockStarted = new Promise<void>((resolve) => (started = resolve));
    const block: MemoryBlock = {
      name: "slow",
      priority: 1,
      get: async () => "",
      put: async ({ messages, signal }) => {
        if (signal) {
          started();
          // A model call that only ends when the step's signal does.
          await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
        }
        received.push(...messages.map((m) => String(m.content)));
      },
    };
    const failures: FlushError[] = [];
    const memory = smallMemory({ blocks: [block], onFlushError: (e) => failures.push(e) });
    await memory.putMessages(conversation(5));
    const controller = new AbortController();
    const put = withStepSignal(memory, controller.signal).put({ role: "user", content: "question 5" });
    await blockStarted;
    const { error } = await abortAndTime(put, controller);
    expect(error).toBeUndefined();
    expect(failures).toEqual([]);
    expect(received).toEqual([]);
    expect(await memory.getAll({ archived: true })).toEqual([]);
    expect((await memory.getAll()).filter((m) => m.content === "question 5")).toHaveLength(1);
    await memory.put({ role: "assistant", content: "answer 5" });
    expect(received).toEqual(conversation(2).map((m) => m.content));
  });

  it("MemorySessions bound to a signal hands out memories that follow it, from the same cache", async () => {
    const sessions = new MemorySessions({ tokenizer: wordTokenizer });
    const controller = new AbortController();
    const bound = withStepSignal(sessions, controller.signal);
    await bound.forSession("a").put({ role: "user", content: "hi" });
    expect(sessions.size).toBe(1);
    controller.abort();
    await expect(bound.forSession("a").put({ role: "user", content: "late" })).rejects.toMatchObject({ name: "AbortError" });
    expect(await sessions.forSession("a").getAll()).toEqual([{ role: "user", content: "hi" }]);
    await sessions.close();
  });
});
