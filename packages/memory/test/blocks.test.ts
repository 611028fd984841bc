import { MockLLM } from "@weft/llm";
import { describe, expect, it } from "vitest";
import {
  CorruptRowError,
  countMessageTokens,
  FactExtractionBlock,
  type FlushError,
  HashEmbedding,
  InMemoryStore,
  Memory,
  MemoryInputError,
  StaticBlock,
  TokenBudgetError,
  VectorBlock,
  type ChatMessage,
  type MemoryBlock,
} from "../src/index.js";
import { conversation } from "./support/conversation.js";
import { smallMemory } from "./support/small-memory.js";
import { wordTokenizer } from "./support/word-tokenizer.js";

const total = (messages: ChatMessage[]) => messages.reduce((n, m) => n + countMessageTokens(m, wordTokenizer), 0);

function fixedBlock(name: string, priority: number, words: number): MemoryBlock {
  const content = Array.from({ length: words }, (_, i) => `${name}${i}`).join(" ");
  return { name, priority, get: async () => content };
}

describe("static block and where block text goes", () => {
  it("adds a system message with the blocks' text in tags", async () => {
    const memory = Memory.fromDefaults({ sessionId: "s", blocks: [new StaticBlock({ content: "The user is called Ann." })] });
    await memory.put({ role: "user", content: "hi" });
    expect(await memory.get()).toEqual([
      { role: "system", content: "<memory>\n<static>\nThe user is called Ann.\n</static>\n</memory>" },
      { role: "user", content: "hi" },
    ]);
  });

  it("merges into a leading system message, or prefixes the latest user message with insertMethod 'user'", async () => {
    const blocks = [new StaticBlock({ name: "profile", content: "Ann, vegan" })];
    const system = Memory.fromDefaults({ sessionId: "s", blocks });
    await system.putMessages([{ role: "system", content: "Be kind." }, { role: "user", content: "hi" }]);
    expect((await system.get())[0]).toEqual({ role: "system", content: "Be kind.\n\n<memory>\n<profile>\nAnn, vegan\n</profile>\n</memory>" });

    const user = Memory.fromDefaults({ sessionId: "s", blocks, insertMethod: "user" });
    await user.putMessages(conversation(2));
    const got = await user.get();
    expect(got).toHaveLength(4);
    expect(got[2]).toEqual({ role: "user", content: "<memory>\n<profile>\nAnn, vegan\n</profile>\n</memory>\n\nquestion 1" });
  });

  it("checks blocks: names usable as tags, unique, priorities whole", () => {
    const b = new StaticBlock({ content: "x" });
    expect(() => Memory.fromDefaults({ sessionId: "s", blocks: [b, b] })).toThrow(/options\.blocks\[1\]\.name "static" is used by two blocks/);
    expect(() => Memory.fromDefaults({ sessionId: "s", blocks: [new StaticBlock({ name: "a b", content: "x" })] })).toThrow(MemoryInputError);
    expect(() => Memory.fromDefaults({ sessionId: "s", blocks: [new StaticBlock({ content: "x", priority: -1 })] })).toThrow(/priority must be a whole number/);
  });
});

describe("priorities when the budget is tight", () => {
  const make = (tokenLimit: number, blocks: MemoryBlock[]) =>
    Memory.fromDefaults({ sessionId: "s", tokenizer: wordTokenizer, tokenLimit, chatHistoryTokenRatio: 0.5, blocks });

  it("keeps everything when it fits", async () => {
    const memory = make(1000, [fixedBlock("keep", 0, 5), fixedBlock("one", 1, 5), fixedBlock("two", 2, 5)]);
    await memory.putMessages(conversation(2));
    const got = await memory.get();
    expect(got[0].content).toMatch(/<keep>[\s\S]*<one>[\s\S]*<two>/);
  });

  it("cuts larger priority numbers first, never priority 0, and fits the limit", async () => {
    // History: 20 tokens. <memory> with "keep": 17 tokens; "one" and "two" add 12 each.
    const blocks = [fixedBlock("keep", 0, 10), fixedBlock("one", 1, 10), fixedBlock("two", 2, 10)];
    const expected: Array<[number, string[]]> = [
      [40, ["keep"]],
      [48, ["keep"]],
      [49, ["keep", "one"]],
      [60, ["keep", "one"]],
      [61, ["keep", "one", "two"]],
    ];
    for (const [limit, names] of expected) {
      const memory = make(limit, blocks);
      await memory.putMessages(conversation(2));
      const got = await memory.get();
      expect(total(got)).toBeLessThanOrEqual(limit);
      expect(got.slice(1)).toEqual(conversation(2));
      const shown = ["keep", "one", "two"].filter((n) => String(got[0].content).includes(`<${n}>`));
      expect(shown, `tokenLimit ${limit}`).toEqual(names);
    }
  });

  it("truncates a block that knows how to, instead of dropping it", async () => {
    const llm = new MockLLM({ responses: [JSON.stringify({ facts: ["f1 a b", "f2 a b", "f3 a b", "f4 a b"] })] });
    const facts = new FactExtractionBlock({ llm });
    // History limit 60: eight turns (80 tokens) flush two; the window keeps 60, leaving 15 for the facts.
    const memory = Memory.fromDefaults({ sessionId: "s", tokenizer: wordTokenizer, tokenLimit: 75, chatHistoryTokenRatio: 0.8, tokenFlushSize: 1, blocks: [facts] });
    await memory.putMessages(conversation(8));
    const got = await memory.get();
    expect(total(got)).toBeLessThanOrEqual(75);
    expect(got.slice(1)).toEqual(conversation(6, 0, 2));
    const system = String(got[0].content);
    // The newest facts survive the cut.
    expect(system).toContain("- f4 a b");
    expect(system).not.toContain("- f1 a b");
  });

  it("fails clearly when priority-0 blocks alone exceed the limit", async () => {
    const memory = make(20, [fixedBlock("huge", 0, 40)]);
    await expect(memory.get()).rejects.toThrow(TokenBudgetError);
    await expect(memory.get()).rejects.toThrow(/priority 0 \(huge\) need \d+ tokens, more than tokenLimit 20/);
  });
});

describe("fact extraction block", () => {
  const make = (llm: MockLLM, store: InMemoryStore, maxFacts = 50, onFlushError?: (error: FlushError) => void) =>
    smallMemory({ store, blocks: [new FactExtractionBlock({ llm, maxFacts })], onFlushError });

  it("turns flushed turns into facts with the model, deduplicated and persisted", async () => {
    const store = new InMemoryStore();
    const llm = new MockLLM({
      responses: [
        JSON.stringify({ facts: ["The user likes tea.", "the user likes tea", "The user lives in Oslo"] }),
        JSON.stringify({ facts: ["The user lives in Oslo.", "The user has a dog"] }),
      ],
    });
    const memory = make(llm, store);
    await memory.putMessages(conversation(6));
    expect(llm.calls).toHaveLength(1);
    const prompt = JSON.stringify(llm.calls[0].messages);
    expect(prompt).toContain("user: question 0");
    expect(prompt).toContain("assistant: answer 1");
    expect(prompt).not.toContain("question 2");
    expect(await store.readBlockState("s", "facts")).toEqual({ facts: ["The user likes tea.", "The user lives in Oslo"] });

    await memory.putMessages(conversation(2, 0, 6));
    expect(JSON.stringify(llm.calls[1].messages)).toContain("- The user likes tea.");
    expect(await store.readBlockState("s", "facts")).toEqual({ facts: ["The user likes tea.", "The user lives in Oslo", "The user has a dog"] });

    // A new memory on the same store (a restarted process) sees the facts.
    const restarted = make(new MockLLM(), store);
    const got = await restarted.get();
    expect(got[0]).toEqual({
      role: "system",
      content: "<memory>\n<facts>\n- The user likes tea.\n- The user lives in Oslo\n- The user has a dog\n</facts>\n</memory>",
    });
  });

  it("condenses with the model beyond maxFacts, and drops the oldest if the model still returns too many", async () => {
    const store = new InMemoryStore();
    const llm = new MockLLM({
      responses: [
        JSON.stringify({ facts: ["a1", "a2", "a3", "a4"] }),
        JSON.stringify({ facts: ["c1", "c2", "c3", "c4"] }),
      ],
    });
    await make(llm, store, 3).putMessages(conversation(6));
    expect(llm.calls).toHaveLength(2);
    expect(JSON.stringify(llm.calls[1].messages)).toMatch(/at most 3 short facts/);
    expect(await store.readBlockState("s", "facts")).toEqual({ facts: ["c2", "c3", "c4"] });
  });

  it("reports a corrupt stored fact state with its session and block instead of ignoring it", async () => {
    const store = new InMemoryStore();
    await store.updateBlockState("s", "facts", () => ({ facts: "not a list" }));
    const error = await make(new MockLLM(), store).get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptRowError);
    expect((error as CorruptRowError).sessionId).toBe("s");
    expect((error as CorruptRowError).rowId).toBe("block:facts");
    expect((error as Error).message).toMatch(/stored row block:facts of session "s" is corrupt: state does not fit the block at facts/);
  });

  it("rejects a model reply that does not fit the facts schema, leaving the turns active", async () => {
    const store = new InMemoryStore();
    const llm = new MockLLM({ responses: ["not json", "still not json"] });
    const failures: FlushError[] = [];
    await make(llm, store, 50, (e) => failures.push(e)).putMessages(conversation(6));
    expect(failures.map((e) => e.message)).toEqual([expect.stringMatching(/memory block "facts" failed/)]);
    expect(await store.list("s", { archived: true })).toEqual([]);
    expect(await store.readBlockState("s", "facts")).toBeUndefined();
  });
});

describe("vector block", () => {
  it("recalls the flushed turn most similar to the latest user message", async () => {
    const store = new InMemoryStore();
    const memory = Memory.fromDefaults({
      sessionId: "s",
      store,
      tokenizer: wordTokenizer,
      tokenLimit: 200,
      chatHistoryTokenRatio: 0.1,
      tokenFlushSize: 1,
      blocks: [new VectorBlock({ embedding: new HashEmbedding(), topK: 1 })],
    });
    await memory.putMessages([
      { role: "user", content: "my cat Felix hates the vacuum cleaner" },
      { role: "assistant", content: "cats often fear loud noises" },
      { role: "user", content: "how do I compile rust code" },
      { role: "assistant", content: "use cargo build" },
      { role: "user", content: "the weather in paris is rainy" },
      { role: "assistant", content: "bring an umbrella" },
    ]);
    await memory.put({ role: "user", content: "what does my cat Felix hate" });
    const got = await memory.get();
    expect(got[0].role).toBe("system");
    expect(got[0].content).toContain("<vector>\nuser: my cat Felix hates the vacuum cleaner\nassistant: cats often fear loud noises\n</vector>");
    expect(got[0].content).not.toContain("cargo");
    expect(got.at(-1)).toEqual({ role: "user", content: "what does my cat Felix hate" });
    const state = (await store.readBlockState("s", "vector")) as { entries: unknown[] };
    expect(state.entries).toHaveLength(3);
  });

  it("the local embedding is deterministic and puts similar texts closer", async () => {
    const e = new HashEmbedding({ dimensions: 64 });
    const [a, b, c] = await e.embed(["red apple pie", "apple pie recipe", "quantum field theory"]);
    expect(await e.embed(["red apple pie"])).toEqual([a]);
    expect(a).toHaveLength(64);
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i], 0);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
  });
});
