import { afterEach, describe, expect, it, vi } from "vitest";
import { FlushError, InMemoryStore, Memory, StoreBusyError, type ChatMessage, type ListOptions, type StoredMessage } from "../src/index.js";
import { conversation } from "./support/conversation.js";
import { smallMemory } from "./support/small-memory.js";

/** An in-process store that fails chosen calls with the error a busy SQLite or PostgreSQL store gives. */
class FlakyStore extends InMemoryStore {
  busyAppends = 0;
  busyLists = 0;
  override async append(sessionId: string, messages: readonly ChatMessage[]): Promise<StoredMessage[]> {
    if (this.busyAppends-- > 0) throw new StoreBusyError("store busy (append)");
    return super.append(sessionId, messages);
  }
  override async list(sessionId: string, options?: ListOptions): Promise<StoredMessage[]> {
    if (this.busyLists-- > 0) throw new StoreBusyError("store busy (list)");
    return super.list(sessionId, options);
  }
}

const memoryOn = (store: FlakyStore, onFlushError?: (error: FlushError) => void) => smallMemory({ store, onFlushError });

/** What a careful caller does with a failed put: try again, a few times. */
async function putWithRetries(memory: Memory, message: ChatMessage): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await memory.put(message);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

afterEach(() => vi.restoreAllMocks());

describe("Memory.put stores and resolves, or stores nothing and rejects", () => {
  it("resolves when the flush check after the append finds the store busy, so a retrying caller stores the message once", async () => {
    const store = new FlakyStore();
    const failures: FlushError[] = [];
    const memory = memoryOn(store, (e) => failures.push(e));
    await memory.putMessages(conversation(5));
    store.busyLists = 1;
    await putWithRetries(memory, { role: "user", content: "question 5" });
    expect((await memory.getAll()).filter((m) => m.content === "question 5")).toHaveLength(1);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(FlushError);
    expect(failures[0]).toMatchObject({ sessionId: "s", block: undefined });
    expect(failures[0].cause).toBeInstanceOf(StoreBusyError);
    expect(failures[0].message).toMatch(/flushing session "s" failed: store busy \(list\)\. The put message is stored/);
    // The flush that failed happens on the next put.
    expect(await memory.getAll({ archived: true })).toEqual([]);
    await memory.put({ role: "assistant", content: "answer 5" });
    expect(await memory.getAll({ archived: true })).toEqual(conversation(2));
    expect(await memory.getAll()).toEqual(conversation(6));
  });

  it("rejects and stores nothing when the append fails", async () => {
    const store = new FlakyStore();
    const memory = memoryOn(store);
    await memory.putMessages(conversation(1));
    store.busyAppends = 1;
    await expect(memory.put({ role: "user", content: "lost?" })).rejects.toBeInstanceOf(StoreBusyError);
    expect(await memory.getAll()).toEqual(conversation(1));
    await putWithRetries(memory, { role: "user", content: "stored once" });
    expect(await memory.getAll()).toEqual([...conversation(1), { role: "user", content: "stored once" }]);
  });

  it("warns through the process when nobody handles flush failures, and survives a handler that throws", async () => {
    const warnings = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const store = new FlakyStore();
    await memoryOn(store).putMessages(conversation(5));
    store.busyLists = 1;
    await memoryOn(store).put({ role: "user", content: "question 5" });
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(warnings.mock.calls[0][0]).toBeInstanceOf(FlushError);

    store.busyLists = 1;
    const throwing = memoryOn(store, () => {
      throw new Error("handler bug");
    });
    await throwing.put({ role: "assistant", content: "answer 5" });
    expect(warnings).toHaveBeenCalledTimes(2);
    expect((warnings.mock.calls[1][0] as Error).message).toMatch(/handler bug/);
    expect((await throwing.getAll()).slice(-2)).toEqual(conversation(1, 0, 5));
  });

  it("refuses an onFlushError that is not a function", () => {
    expect(() => Memory.fromDefaults({ sessionId: "s", onFlushError: "log" as never })).toThrow(/options\.onFlushError must be a function/);
  });
});
