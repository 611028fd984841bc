import { describe, expect, it } from "vitest";
import { InMemoryStore, Memory, type ChatMessage, type FlushError, type MemoryBlock } from "../src/index.js";
import { conversation } from "./support/conversation.js";
import { smallMemory } from "./support/small-memory.js";

class RecordingBlock implements MemoryBlock {
  readonly name = "recorder";
  readonly priority = 1;
  readonly received: ChatMessage[][] = [];
  failNext = 0;
  async get(): Promise<string> {
    return "";
  }
  async put({ messages }: { messages: readonly ChatMessage[] }): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error("model unavailable");
    }
    this.received.push([...messages]);
  }
}

const memoryWith = (block: MemoryBlock, store = new InMemoryStore(), onFlushError?: (error: FlushError) => void) =>
  smallMemory({ store, blocks: [block], onFlushError });

async function putOneByOne(memory: Memory, messages: ChatMessage[]): Promise<void> {
  for (const m of messages) await memory.put(m);
}

describe("flush", () => {
  it("does nothing while the history fits its share", async () => {
    const block = new RecordingBlock();
    const memory = memoryWith(block);
    await putOneByOne(memory, conversation(5));
    expect(block.received).toEqual([]);
    expect(await memory.getAll({ archived: true })).toEqual([]);
  });

  it("archives the oldest whole turns (at least tokenFlushSize) and hands them to the blocks once", async () => {
    const block = new RecordingBlock();
    const memory = memoryWith(block);
    await putOneByOne(memory, conversation(6));
    expect(block.received).toEqual([conversation(2)]);
    expect(await memory.getAll({ archived: true })).toEqual(conversation(2));
    expect(await memory.getAll({ archived: false })).toEqual(conversation(4, 0, 2));
    // Archived messages are kept, not deleted, and stay in order.
    expect(await memory.getAll()).toEqual(conversation(6));
    expect(await memory.get()).toEqual(conversation(4, 0, 2));
  });

  it("never flushes the turn in progress, however long it grows", async () => {
    const block = new RecordingBlock();
    const memory = memoryWith(block);
    const longTurn: ChatMessage[] = [
      { role: "user", content: "start a long task" },
      ...Array.from({ length: 12 }, (_, i): ChatMessage => ({ role: "assistant", content: `step ${i} done` })),
    ];
    await putOneByOne(memory, longTurn);
    expect(block.received).toEqual([]);
    expect(await memory.getAll({ archived: false })).toEqual(longTurn);
  });

  it("reports a failing block to onFlushError, resolves the put that stored its message, and retries the flush on the next put", async () => {
    const block = new RecordingBlock();
    const failures: FlushError[] = [];
    const memory = memoryWith(block, new InMemoryStore(), (e) => failures.push(e));
    await putOneByOne(memory, conversation(5));
    block.failNext = 1;
    await memory.put({ role: "user", content: "question 5" });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ name: "FlushError", block: "recorder", sessionId: "s" });
    expect(failures[0].message).toMatch(/memory block "recorder" failed .*model unavailable.*The put message is stored/);
    expect(await memory.getAll({ archived: true })).toEqual([]);
    expect((await memory.getAll()).at(-1)).toEqual({ role: "user", content: "question 5" });
    await memory.put({ role: "assistant", content: "answer 5" });
    expect(block.received).toEqual([conversation(2)]);
    expect(await memory.getAll()).toEqual(conversation(6));
  });

  it("hands each turn on once when two memories flush the same session concurrently", async () => {
    const store = new InMemoryStore();
    const a = new RecordingBlock();
    const b = new RecordingBlock();
    await memoryWith(a, store).putMessages(conversation(5));
    await Promise.all([
      memoryWith(a, store).put({ role: "user", content: "question 5" }),
      memoryWith(b, store).put({ role: "user", content: "question 6" }),
    ]);
    const handed = [...a.received, ...b.received].flat();
    expect(handed).toEqual(conversation(2));
  });
});

describe("flush size default", () => {
  it("is 3000 tokens, or a tenth of a smaller budget so a small memory does not flush almost everything", () => {
    expect(Memory.fromDefaults({ sessionId: "s" }).tokenFlushSize).toBe(3000);
    expect(Memory.fromDefaults({ sessionId: "s", tokenLimit: 4000 }).tokenFlushSize).toBe(400);
    expect(Memory.fromDefaults({ sessionId: "s", tokenLimit: 4000, tokenFlushSize: 1000 }).tokenFlushSize).toBe(1000);
  });
});
