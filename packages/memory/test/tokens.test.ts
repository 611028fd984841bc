import { describe, expect, it } from "vitest";
import { countMessageTokens, encodingForModel, estimateTokenizer, gptTokenizer, Memory, MemoryInputError } from "../src/index.js";

describe("token counting", () => {
  it.each([
    ["gpt-4o", "o200k_base"],
    ["gpt-4o-mini", "o200k_base"],
    ["gpt-4.1-mini", "o200k_base"],
    ["gpt-5", "o200k_base"],
    ["o3-mini", "o200k_base"],
    ["gpt-4", "cl100k_base"],
    ["gpt-4-turbo", "cl100k_base"],
    ["gpt-3.5-turbo", "cl100k_base"],
    ["text-embedding-3-small", "cl100k_base"],
    ["text-davinci-003", "p50k_base"],
    ["cl100k_base", "cl100k_base"],
    ["some-local-llama", "o200k_base"],
  ])("picks the encoding for %s: %s", (model, encoding) => {
    expect(encodingForModel(model)).toBe(encoding);
  });

  it("counts with the real BPE of the model's encoding", async () => {
    const o200k = await gptTokenizer("gpt-4o");
    const cl100k = await gptTokenizer("gpt-4");
    expect(o200k.name).toBe("o200k_base");
    expect(o200k.count("hello world")).toBe(2);
    expect(cl100k.count("hello world")).toBe(2);
    // The encodings split non-English text differently; a real tokenizer must show it.
    const text = "Привет, как дела? Это проверка токенизатора.";
    expect(o200k.count(text)).not.toBe(cl100k.count(text));
    expect(o200k.count("")).toBe(0);
  });

  it("treats special-token look-alikes in user text as text instead of failing", async () => {
    const tokenizer = await gptTokenizer("gpt-4o");
    expect(tokenizer.count("a <|endoftext|> b")).toBeGreaterThan(3);
  });

  it("estimates by characters when asked", () => {
    const estimate = estimateTokenizer();
    expect(estimate.count("12345678")).toBe(2);
    expect(estimate.count("123456789")).toBe(3);
    expect(() => estimateTokenizer(0)).toThrow(/charsPerToken must be > 0/);
  });

  it("counts a message as its content plus role overhead, tool calls and names", () => {
    const t = estimateTokenizer(1);
    expect(countMessageTokens({ role: "user", content: "abcd" }, t)).toBe(3 + 4);
    expect(countMessageTokens({ role: "user", content: "abcd", name: "ann" }, t)).toBe(3 + 4 + 1 + 3);
    expect(countMessageTokens({ role: "user", content: [{ type: "text", text: "ab" }, { type: "image", url: "u", detail: "low" }] }, t)).toBe(3 + 2 + 85);
    expect(
      countMessageTokens({ role: "assistant", content: "", toolCalls: [{ id: "1", name: "fn", arguments: {}, rawArguments: "{}" }] }, t),
    ).toBe(3 + 3 + 2 + 2);
  });

  it("uses a custom tokenizer when one is given", async () => {
    let calls = 0;
    const memory = Memory.fromDefaults({ sessionId: "s", tokenizer: { name: "words", count: (s) => (calls++, s.split(/\s+/).filter(Boolean).length) } });
    await memory.put({ role: "user", content: "one two three" });
    expect(calls).toBeGreaterThan(0);
    expect((await memory.tokenizer()).name).toBe("words");
  });

  it("rejects bad budget options naming the option", () => {
    expect(() => Memory.fromDefaults({ sessionId: "s", tokenLimit: 0 })).toThrow(MemoryInputError);
    expect(() => Memory.fromDefaults({ sessionId: "s", tokenLimit: 1.5 })).toThrow(/options\.tokenLimit must be a whole number/);
    expect(() => Memory.fromDefaults({ sessionId: "s", chatHistoryTokenRatio: 1.2 })).toThrow(/options\.chatHistoryTokenRatio must be in \(0, 1\]/);
    expect(() => Memory.fromDefaults({ sessionId: "s", tokenFlushSize: -1 })).toThrow(/options\.tokenFlushSize/);
    expect(() => Memory.fromDefaults({ sessionId: "" })).toThrow(/options\.sessionId must be a non-empty string/);
  });
});
