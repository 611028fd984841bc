import { describe, expect, it } from "vitest";
import { countMessageTokens, InMemoryStore, Memory, MessageTooLargeError, TokenBudgetError, type ChatMessage } from "../src/index.js";
import { conversation } from "./support/conversation.js";
import { wordTokenizer } from "./support/word-tokenizer.js";

// With the word tokenizer every message of `conversation()` costs 3 + 2 tokens, a turn 10.
const roomy = (store: InMemoryStore, sessionId = "s") =>
  Memory.fromDefaults({ sessionId, store, tokenizer: wordTokenizer, tokenLimit: 10_000 });
const tight = (store: InMemoryStore, tokenLimit: number, sessionId = "s") =>
  Memory.fromDefaults({ sessionId, store, tokenizer: wordTokenizer, tokenLimit, chatHistoryTokenRatio: 1 });

describe("get: the window that fits the budget", () => {
  it("returns the whole history unchanged when it fits", async () => {
    const memory = roomy(new InMemoryStore());
    await memory.putMessages(conversation(3));
    expect(await memory.get()).toStrictEqual(conversation(3));
  });

  it("keeps the newest whole turns that fit, starting with a user message", async () => {
    const store = new InMemoryStore();
    await roomy(store).putMessages(conversation(5));
    const window = await tight(store, 35).get();
    expect(window).toEqual(conversation(3, 0, 2));
    expect(window[0].role).toBe("user");
    expect(window.reduce((n, m) => n + countMessageTokens(m, wordTokenizer), 0)).toBeLessThanOrEqual(35);
  });

  it("never splits a turn: a tool-calling turn is shown whole or not at all", async () => {
    const store = new InMemoryStore();
    const toolTurn: ChatMessage[] = [
      { role: "user", content: "weather in Paris please" },
      { role: "assistant", content: "", toolCalls: [{ id: "c1", name: "weather", arguments: { city: "Paris" }, rawArguments: "{}" }] },
      { role: "tool", content: "sunny and warm", toolCallId: "c1" },
      { role: "assistant", content: "It is sunny." },
    ];
    await roomy(store).putMessages([...conversation(1), ...toolTurn, ...conversation(1, 0, 9)]);
    const sizes = [...toolTurn].reduce((n, m) => n + countMessageTokens(m, wordTokenizer), 0);
    // Room for the last turn and part of the tool turn only: the tool turn is left out entirely.
    expect(await tight(store, 10 + sizes - 1).get()).toEqual(conversation(1, 0, 9));
    expect(await tight(store, 10 + sizes).get()).toEqual([...toolTurn, ...conversation(1, 0, 9)]);
  });

  it("fails clearly when not even the latest turn fits", async () => {
    const store = new InMemoryStore();
    await roomy(store).putMessages(conversation(2, 20));
    const error = await tight(store, 30).get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenBudgetError);
    expect((error as Error).message).toMatch(/the latest turn of session "s" .* needs 50 tokens but only 30 are available/);
  });

  it("returns an empty list for an empty session", async () => {
    expect(await roomy(new InMemoryStore()).get()).toEqual([]);
  });
});

describe("getAll, set, reset and sessions", () => {
  it("keeps sessions apart in one store", async () => {
    const store = new InMemoryStore();
    await roomy(store, "alice").put({ role: "user", content: "I am Alice" });
    await roomy(store, "bob").put({ role: "user", content: "I am Bob" });
    expect(await roomy(store, "alice").getAll()).toEqual([{ role: "user", content: "I am Alice" }]);
    expect(await roomy(store, "bob").get()).toEqual([{ role: "user", content: "I am Bob" }]);
    await roomy(store, "alice").reset();
    expect(await roomy(store, "alice").getAll()).toEqual([]);
    expect(await roomy(store, "bob").getAll()).toHaveLength(1);
  });

  it("set replaces the active history", async () => {
    const memory = roomy(new InMemoryStore());
    await memory.putMessages(conversation(2));
    await memory.set(conversation(1, 0, 7));
    expect(await memory.get()).toEqual(conversation(1, 0, 7));
    await expect(memory.set([{ role: "nobody", content: "x" } as unknown as ChatMessage])).rejects.toThrow(/messages\[0\]\.role/);
    expect(await memory.get()).toEqual(conversation(1, 0, 7));
  });

  it("rejects a single message bigger than the history's share of the budget, storing nothing", async () => {
    const memory = Memory.fromDefaults({ sessionId: "s", tokenizer: wordTokenizer, tokenLimit: 100, chatHistoryTokenRatio: 0.5 });
    const big = { role: "user" as const, content: Array.from({ length: 60 }, () => "w").join(" ") };
    const error = await memory.put(big).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect((error as Error).message).toMatch(/message has 63 tokens, more than the 50 tokens the chat history may use/);
    expect(await memory.getAll()).toEqual([]);
  });
});
