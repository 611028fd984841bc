import { expect } from "vitest";
import type { MemoryStore } from "../../src/index.js";

/** Every writer's turns are stored exactly once, in that writer's order, and every flushed turn reached the block once. */
export async function assertNoLossNoDuplicates(store: MemoryStore, sessionId: string, writers: string[], count: number): Promise<void> {
  const stored = await store.list(sessionId);
  const texts = stored.map((m) => String(m.message.content));
  expect(texts).toHaveLength(writers.length * count * 2);
  expect(new Set(texts).size).toBe(texts.length);
  expect(new Set(stored.map((m) => m.id)).size).toBe(stored.length);
  for (const writer of writers) {
    const own = texts.filter((t) => t.startsWith(`${writer} `));
    const expected = Array.from({ length: count }, (_, i) => [`${writer} question ${i}`, `${writer} answer ${i}`]).flat();
    expect(own).toEqual(expected);
  }
  // The writers flushed concurrently: exactly the archived messages reached the block, each once.
  const archived = stored.filter((m) => m.archived).map((m) => String(m.message.content));
  expect(archived.length).toBeGreaterThan(0);
  const handed = (await store.readBlockState(sessionId, "ledger")) as string[];
  expect([...handed].sort()).toEqual([...archived].sort());
}
