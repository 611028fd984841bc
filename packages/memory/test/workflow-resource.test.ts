import { resource, StartEvent, StopEvent, Workflow } from "@weft/workflows";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { InMemoryStore, Memory, MemoryInputError, MemorySessions, type ChatMessage } from "../src/index.js";
import { setupTracing } from "./support/tracing.js";
import { wordTokenizer } from "./support/word-tokenizer.js";

const tracing = setupTracing();
afterAll(() => tracing.cleanup());
beforeEach(() => tracing.exporter.reset());

function chatFlow(sessions: MemorySessions) {
  let built = 0;
  const memory = resource("memory", () => (built++, sessions), { dispose: (s) => s.close() });
  const workflow = new Workflow({ name: "ChatFlow", timeout: 10 }).step(
    "remember",
    { accepts: [StartEvent], returns: [StopEvent], resources: { memory } },
    async (ev, _ctx, { memory }) => {
      const mem = memory.forSession(String(ev.userId));
      await mem.put({ role: "user", content: String(ev.text) });
      await mem.put({ role: "assistant", content: `noted: ${String(ev.text)}` });
      return new StopEvent({ result: await mem.get() });
    },
  );
  return { workflow, builds: () => built };
}

describe("memory as a workflow resource", () => {
  it("is built once, keeps one memory per session across runs, and traces under the step", async () => {
    const sessions = new MemorySessions({ tokenizer: wordTokenizer });
    const { workflow, builds } = chatFlow(sessions);
    await workflow.run({ userId: "ann", text: "I like tea" });
    const second = (await workflow.run({ userId: "ann", text: "and biscuits" })) as ChatMessage[];
    const bob = (await workflow.run({ userId: "bob", text: "hello" })) as ChatMessage[];
    expect(builds()).toBe(1);
    expect(second.map((m) => m.content)).toEqual(["I like tea", "noted: I like tea", "and biscuits", "noted: and biscuits"]);
    expect(bob.map((m) => m.content)).toEqual(["hello", "noted: hello"]);
    expect(sessions.forSession("ann")).toBe(sessions.forSession("ann"));

    const steps = tracing.spans("step remember");
    expect(steps).toHaveLength(3);
    for (const name of ["memory.put", "memory.get"]) {
      const spans = tracing.spans(name);
      expect(spans.length).toBeGreaterThan(0);
      for (const span of spans) {
        const parent = steps.find((s) => s.spanContext().spanId === span.parentSpanContext?.spanId);
        expect(parent, `${name} nests under a step span`).toBeDefined();
        expect(span.spanContext().traceId).toBe(parent!.spanContext().traceId);
      }
    }
    const annGets = tracing.spans("memory.get").filter((s) => s.attributes["session.id"] === "ann");
    expect(annGets.map((s) => s.attributes["weft.memory.message_count"])).toEqual([2, 4]);
  });

  it("can be replaced for one run, e.g. by a memory on another store", async () => {
    const { workflow } = chatFlow(new MemorySessions({ tokenizer: wordTokenizer }));
    const store = new InMemoryStore();
    const other = new MemorySessions({ store, tokenizer: wordTokenizer });
    await workflow.run({ userId: "ann", text: "x" }, { resources: { memory: other } });
    expect(await store.list("ann")).toHaveLength(2);
  });
});

describe("MemorySessions", () => {
  it("drops the least recently used memory beyond maxSessions, losing nothing", async () => {
    const sessions = new MemorySessions({ maxSessions: 2 });
    const a = sessions.forSession("a");
    await a.put({ role: "user", content: "from a" });
    sessions.forSession("b");
    sessions.forSession("a");
    sessions.forSession("c");
    expect(sessions.size).toBe(2);
    expect(sessions.forSession("a")).toBe(a);
    const b = sessions.forSession("b");
    expect(b).toBeInstanceOf(Memory);
    expect(await sessions.forSession("a").getAll()).toEqual([{ role: "user", content: "from a" }]);
  });

  it("checks the shared options up front", () => {
    expect(() => new MemorySessions({ tokenLimit: -5 })).toThrow(MemoryInputError);
    expect(() => new MemorySessions({ maxSessions: 0 })).toThrow(/maxSessions/);
  });
});
