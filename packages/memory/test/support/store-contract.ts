import { describe, expect, it } from "vitest";
import { CorruptRowError, type ChatMessage, type MemoryStore } from "../../src/index.js";
import { conversation } from "./conversation.js";
import { smallMemory } from "./small-memory.js";

export interface StoreUnderTest {
  /** A fresh store; each call may return a new connection to the same storage. */
  open(): Promise<MemoryStore>;
  /** Overwrites the raw stored text of message `id` (to simulate corruption); absent for stores that keep objects. */
  corrupt?(id: string, text: string): Promise<void>;
}

let counter = 0;
/** A session id no other test uses, so tests can share one database. */
export const freshSession = (label = "s") => `${label}-${process.pid}-${Date.now()}-${counter++}`;

/** The behaviour every MemoryStore must have; persistent stores run it against real storage. */
export function storeContract(name: string, subject: () => StoreUnderTest, { corruptible = true } = {}): void {
  describe(`${name}: store contract`, () => {
    it("appends in order and lists by state", async () => {
      const store = await subject().open();
      const s = freshSession();
      const stored = await store.append(s, conversation(2));
      expect(stored.map((m) => m.message)).toEqual(conversation(2));
      expect(new Set(stored.map((m) => m.id)).size).toBe(4);
      expect(stored.every((m) => m.sessionId === s && !m.archived && m.createdAt instanceof Date)).toBe(true);
      await store.append(s, conversation(1, 0, 2));
      expect((await store.list(s)).map((m) => m.message)).toEqual(conversation(3));
      const archived = await store.archive(s, [stored[0].id, stored[1].id]);
      expect(archived.map((m) => m.message)).toEqual(conversation(1));
      expect(archived.every((m) => m.archived)).toBe(true);
      expect((await store.list(s, { archived: false })).map((m) => m.message)).toEqual(conversation(2, 0, 1));
      expect((await store.list(s, { archived: true })).map((m) => m.message)).toEqual(conversation(1));
      // A second archive of the same ids archives nothing new: each flushed turn is handed on once.
      expect(await store.archive(s, [stored[0].id, stored[1].id, stored[2].id])).toHaveLength(1);
      await store.unarchive(s, [stored[0].id]);
      expect((await store.list(s, { archived: false }))[0].message).toEqual(conversation(1)[0]);
      await store.close();
    });

    it("keeps messages exactly, including parts and tool calls", async () => {
      const store = await subject().open();
      const s = freshSession();
      const message: ChatMessage = {
        role: "assistant",
        content: [{ type: "text", text: "é ✓ \u0000 \"quoted\"" }],
        toolCalls: [{ id: "c", name: "f", arguments: { deep: [1, { x: null }] }, rawArguments: '{"deep":[1,{"x":null}]}' }],
        name: "bot",
      };
      await store.append(s, [message]);
      expect((await store.list(s))[0].message).toStrictEqual(message);
      await store.close();
    });

    it("replaces the active history and clears a session without touching others", async () => {
      const store = await subject().open();
      const [a, b] = [freshSession("a"), freshSession("b")];
      const stored = await store.append(a, conversation(2));
      await store.append(b, conversation(1));
      await store.archive(a, [stored[0].id]);
      await store.replaceActive(a, conversation(1, 0, 5));
      expect((await store.list(a)).map((m) => m.message)).toEqual([conversation(1)[0], ...conversation(1, 0, 5)]);
      await store.updateBlockState(a, "facts", () => ({ facts: ["x"] }));
      await store.clear(a);
      expect(await store.list(a)).toEqual([]);
      expect(await store.readBlockState(a, "facts")).toBeUndefined();
      expect((await store.list(b)).map((m) => m.message)).toEqual(conversation(1));
      await store.close();
    });

    it("keeps block states per session and block, updated atomically", async () => {
      const store = await subject().open();
      const [a, b] = [freshSession("a"), freshSession("b")];
      expect(await store.readBlockState(a, "n")).toBeUndefined();
      await Promise.all(Array.from({ length: 20 }, () => store.updateBlockState(a, "n", (c) => ((c as number | undefined) ?? 0) + 1)));
      expect(await store.readBlockState(a, "n")).toBe(20);
      expect(await store.readBlockState(b, "n")).toBeUndefined();
      expect(await store.readBlockState(a, "other")).toBeUndefined();
      await expect(store.updateBlockState(a, "n", () => undefined)).rejects.toThrow(/memory block "n" produced a state JSON cannot hold/);
      expect(await store.readBlockState(a, "n")).toBe(20);
      await store.close();
    });

    if (corruptible) it("reports a corrupt stored message with its session and id", async () => {
      const under = subject();
      const store = await under.open();
      const s = freshSession();
      const stored = await store.append(s, conversation(1));
      await under.corrupt!(stored[1].id, "{not json");
      const error = await store.list(s).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptRowError);
      expect(error).toMatchObject({ sessionId: s, rowId: stored[1].id });
      expect((error as Error).message).toMatch(new RegExp(`stored row ${stored[1].id} of session "${s}" is corrupt: message is not valid JSON`));
      await under.corrupt!(stored[1].id, JSON.stringify({ role: "wizard", content: "x" }));
      await expect(store.list(s)).rejects.toThrow(/is corrupt: stored message\.role is "wizard"/);
      await store.close();
    });

    it("serves a memory: put, flush, get", async () => {
      const store = await subject().open();
      const memory = smallMemory({ sessionId: freshSession(), store });
      for (const m of conversation(6)) await memory.put(m);
      expect(await memory.get()).toEqual(conversation(4, 0, 2));
      expect(await memory.getAll({ archived: true })).toEqual(conversation(2));
      await store.close();
    });
  });
}
