import { afterEach, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, HumanResponseEvent, InputRequiredEvent, StartEvent, StopEvent, Workflow } from "@weft/workflows";
import { createServer, MemoryStore, type StreamEntry, type WeftServer } from "../src/index.js";
import { StoredTail } from "../src/runs/stored-tail.js";

const entry = (seq: number): StreamEntry => ({ seq, type: "E", data: { seq } });

it("StoredTail gives the entries after a seq it still holds, and says when it does not reach back that far", () => {
  const tail = new StoredTail(3);
  expect(tail.after(0, 10)).toBeUndefined();
  expect(tail.lastSeq).toBeUndefined();
  tail.add([1, 2, 3, 4, 5].map(entry));
  expect(tail.after(1, 10)).toBeUndefined(); // 2 was dropped: the store has it
  expect(tail.after(2, 10)!.map((e) => e.seq)).toEqual([3, 4, 5]);
  expect(tail.after(3, 1)!.map((e) => e.seq)).toEqual([4]);
  expect(tail.after(5, 10)).toEqual([]);
  expect(tail.lastSeq).toBe(5);
});

const Tick = defineEvent("Tick", { i: z.number() });
const ticker = new Workflow({ name: "Ticker", timeout: null })
  .step("ready", { accepts: [StartEvent], returns: [InputRequiredEvent] }, () => new InputRequiredEvent({ prefix: "go?" }))
  .step("tick", { accepts: [HumanResponseEvent], returns: [StopEvent] }, async (_ev, ctx) => {
    for (let i = 1; i <= 10; i++) {
      await new Promise((r) => setTimeout(r, 2));
      ctx.writeEventToStream(new Tick({ i }));
    }
    return new StopEvent({ result: "done" });
  });

/** Counts the store's entry queries: readers of a live run should not need them. */
class CountingStore extends MemoryStore {
  entryQueries = 0;
  override async entries(handlerId: string, after: number, limit: number): Promise<StreamEntry[]> {
    this.entryQueries++;
    return super.entries(handlerId, after, limit);
  }
}

let server: WeftServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

it("50 readers of a live run get every entry once, in order, from memory: the store is asked only for what ended", async () => {
  const store = new CountingStore();
  server = createServer({ workflows: [ticker], store });
  await server.ready;
  const { handler_id } = await server.runs.start("Ticker", new StartEvent({}), undefined);
  await expect.poll(async () => (await server!.runs.handler(handler_id)).status).toBe("waiting");
  const readers = Array.from({ length: 50 }, async () => {
    const seqs: number[] = [];
    for await (const e of server!.runs.read(handler_id, 0, 60_000, new AbortController().signal)) if (e) seqs.push(e.seq);
    return seqs;
  });
  await new Promise((r) => setTimeout(r, 20)); // every reader is waiting on the question
  store.entryQueries = 0;
  await server.runs.deliver(handler_id, { type: "HumanResponseEvent", data: { response: "go" } }, undefined);
  const all = await Promise.all(readers);
  const expected = Array.from({ length: 12 }, (_, i) => i + 1); // the question, 10 ticks, the stop event
  for (const seqs of all) expect(seqs).toEqual(expected);
  // each reader reads the store at most once more, after the run left memory (its end); 11 new entries each
  // would be hundreds of queries without the tail
  expect(store.entryQueries).toBeLessThanOrEqual(50 * 2);
});
