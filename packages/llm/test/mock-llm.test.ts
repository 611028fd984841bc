import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, LLMError, MockLLM } from "../src/index.js";

describe("MockLLM scripted responses", () => {
  it("answers in order and records every call", async () => {
    const llm = new MockLLM({ responses: ["first", "second"] });
    const a = await llm.complete("hello", { temperature: 0.2 });
    const b = await llm.chat([{ role: "system", content: "be brief" }, { role: "user", content: "again" }]);
    expect([a.text, b.text]).toEqual(["first", "second"]);
    expect(a.message).toEqual({ role: "assistant", content: "first" });
    expect(a.finishReason).toBe("stop");
    expect(a.usage.totalTokens).toBe(a.usage.inputTokens + a.usage.outputTokens);
    expect(llm.calls).toHaveLength(2);
    expect(llm.calls[0]!.messages).toEqual([{ role: "user", content: "hello" }]);
    expect(llm.calls[0]!.options.temperature).toBe(0.2);
    expect(llm.calls[1]!.prompt).toBe("again");
    llm.assertAllUsed();
  });

  it("echoes the prompt once the script is used up", async () => {
    const llm = new MockLLM({ responses: ["only"] });
    await llm.complete("x");
    expect((await llm.complete("say this back")).text).toBe("say this back");
  });

  it("fails clearly with fallback 'error'", async () => {
    const llm = new MockLLM({ fallback: "error" });
    await expect(llm.complete("anything")).rejects.toThrow(/no scripted response left/);
  });

  it("answers every call with a response function", async () => {
    const llm = new MockLLM({ responses: (req) => ({ text: `len ${req.prompt.length}`, usage: { inputTokens: 7, outputTokens: 3 } }) });
    const res = await llm.complete("abcd");
    expect(res.text).toBe("len 4");
    expect(res.usage).toEqual({ inputTokens: 7, outputTokens: 3, totalTokens: 10 });
  });

  it("assertAllUsed names what is left", async () => {
    const llm = new MockLLM({ responses: ["a", "b"], rules: [{ match: /never/, reply: "x" }] });
    await llm.complete("q");
    expect(() => llm.assertAllUsed()).toThrow(/1 scripted response\(s\) were never used; rule 0 \(\/never\/\) never matched/);
  });

  it("rejects a malformed constructor argument", () => {
    expect(() => new MockLLM({ responses: "nope" as never })).toThrow(/responses must be an array/);
  });
});

describe("MockLLM rules", () => {
  it("matches by substring, regex and function before the script", async () => {
    const llm = new MockLLM({
      responses: ["scripted"],
      rules: [
        { match: "weather", reply: "sunny" },
        { match: /^translate/i, reply: (req) => `translated: ${req.prompt.slice(10)}` },
        { match: (req) => req.messages.length > 1, reply: { text: "long conversation" } },
      ],
    });
    expect((await llm.complete("what is the weather?")).text).toBe("sunny");
    expect((await llm.complete("Translate bonjour")).text).toBe("translated: bonjour");
    expect((await llm.chat([{ role: "system", content: "s" }, { role: "user", content: "u" }])).text).toBe("long conversation");
    expect((await llm.complete("other")).text).toBe("scripted");
    llm.assertAllUsed();
  });

  it("stops using a rule after `times`", async () => {
    const llm = new MockLLM({ rules: [{ match: "hi", reply: "hello", times: 1 }] });
    expect((await llm.complete("hi")).text).toBe("hello");
    expect((await llm.complete("hi")).text).toBe("hi");
  });
});

describe("MockLLM tool calls", () => {
  const weather = defineTool(
    "get_weather",
    { description: "Weather for a city", parameters: z.object({ city: z.string(), unit: z.enum(["c", "f"]).default("c") }) },
    async ({ city, unit }) => `20${unit} in ${city}`,
  );

  it("returns scripted tool calls parsed and validated against the tools", async () => {
    const llm = new MockLLM({ responses: [{ toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }] }] });
    const res = await llm.chat([{ role: "user", content: "weather in Oslo?" }], { tools: [weather] });
    expect(res.finishReason).toBe("tool_calls");
    expect(res.toolCalls).toHaveLength(1);
    const call = res.toolCalls[0]!;
    expect(call).toMatchObject({ name: "get_weather", arguments: { city: "Oslo", unit: "c" }, rawArguments: '{"city":"Oslo"}' });
    expect(call.error).toBeUndefined();
    expect(res.message.toolCalls).toEqual(res.toolCalls);
    expect(await weather.call(call)).toBe("20c in Oslo");
  });

  it("keeps invalid arguments and unknown tools as errors on the call", async () => {
    const llm = new MockLLM({
      responses: [
        {
          toolCalls: [
            { name: "get_weather", arguments: { town: "Oslo" } },
            { name: "get_weather", arguments: "{not json" },
            { name: "launch_rocket", arguments: {} },
          ],
        },
      ],
    });
    const res = await llm.chat([{ role: "user", content: "go" }], { tools: [weather] });
    expect(res.toolCalls[0]!.error).toMatch(/tool "get_weather": invalid arguments.*city/s);
    expect(res.toolCalls[1]!.error).toMatch(/not valid JSON/);
    expect(res.toolCalls[2]!.error).toBe('unknown tool "launch_rocket"');
  });
});

describe("MockLLM structured output", () => {
  const Person = z.object({ name: z.string(), age: z.number().int() });

  it("answers with a scripted object", async () => {
    const llm = new MockLLM({ responses: [{ object: { name: "Ada", age: 36 } }] });
    await expect(llm.structured(Person, "who?")).resolves.toEqual({ name: "Ada", age: 36 });
    expect(llm.lastCall.structured?.name).toBe("response");
  });

  it("repairs once: the second reply is asked for with the problem", async () => {
    const llm = new MockLLM({ responses: ['{"name":"Ada","age":"old"}', '```json\n{"name":"Ada","age":36}\n```'] });
    await expect(llm.structured(Person, "who?", { name: "person" })).resolves.toEqual({ name: "Ada", age: 36 });
    const repair = llm.calls[1]!.messages;
    expect(repair.at(-2)).toEqual({ role: "assistant", content: '{"name":"Ada","age":"old"}' });
    expect(repair.at(-1)!.content).toMatch(/does not fit the schema[\s\S]*age/);
  });

  it("rejects with invalid_output after the repair attempt fails", async () => {
    const llm = new MockLLM({ responses: ["not json", "still not json"] });
    const error = await llm.structured(Person, "who?").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LLMError);
    expect(error).toMatchObject({ kind: "invalid_output", output: "still not json" });
    expect((error as Error).message).toMatch(/not valid JSON/);
  });

  it("describes the schema in a system message in JSON mode", async () => {
    const llm = new MockLLM({ responses: [{ object: { name: "Bo", age: 3 } }] });
    await llm.structured(Person, "who?", { mode: "json_object" });
    const first = llm.lastCall.messages[0]!;
    expect(first.role).toBe("system");
    expect(first.content).toMatch(/JSON schema named "response"[\s\S]*"age"/);
  });
});

describe("MockLLM streaming", () => {
  it("streams word chunks that add up to the text, then the final response", async () => {
    const llm = new MockLLM({ responses: ["The quick brown fox"] });
    const stream = llm.streamComplete("go");
    const deltas: string[] = [];
    for await (const chunk of stream) if (chunk.delta) deltas.push(chunk.delta);
    expect(deltas).toEqual(["The ", "quick ", "brown ", "fox"]);
    const final = await stream.finalResponse();
    expect(final.text).toBe("The quick brown fox");
    expect(final.usage.outputTokens).toBeGreaterThan(0);
    expect(llm.lastCall.streaming).toBe(true);
  });

  it("uses explicit chunks and lets finalResponse drain an unread stream", async () => {
    const llm = new MockLLM({ responses: [{ chunks: ["ab", "cd"] }] });
    const final = await llm.streamChat([{ role: "user", content: "x" }]).finalResponse();
    expect(final.text).toBe("abcd");
  });

  it("streams scripted tool calls as deltas", async () => {
    const llm = new MockLLM({ responses: [{ toolCalls: [{ name: "f", arguments: { a: 1 }, id: "c1" }] }] });
    const stream = llm.streamComplete("x");
    const deltas = [];
    for await (const chunk of stream) if (chunk.toolCallDeltas) deltas.push(...chunk.toolCallDeltas);
    expect(deltas).toEqual([{ index: 0, id: "c1", name: "f", argumentsDelta: '{"a":1}' }]);
    expect((await stream.finalResponse()).toolCalls[0]).toMatchObject({ id: "c1", arguments: { a: 1 } });
  });

  it("fails midway when a scripted error follows the chunks", async () => {
    const llm = new MockLLM({ responses: [{ chunks: ["par", "tial"], error: "server" }] });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of llm.streamComplete("x")) seen.push(chunk.delta);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["par", "tial"]);
    expect(error).toMatchObject({ kind: "server" });
  });

  it("refuses a second iteration", async () => {
    const stream = new MockLLM().streamComplete("x");
    for await (const _ of stream) break;
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/only once/);
    await expect(stream.finalResponse()).rejects.toMatchObject({ kind: "aborted" });
  });
});

describe("MockLLM errors and aborts", () => {
  it("throws injected errors by kind or as given", async () => {
    const custom = new Error("boom");
    const llm = new MockLLM({ responses: [{ error: "rate_limit" }, { error: custom }] });
    const first = await llm.complete("a").catch((e: unknown) => e);
    expect(first).toBeInstanceOf(LLMError);
    expect(first).toMatchObject({ kind: "rate_limit", retryable: true });
    await expect(llm.complete("b")).rejects.toBe(custom);
  });

  it("aborts a delayed answer through the signal", async () => {
    const llm = new MockLLM({ responses: [{ text: "late", delayMs: 10_000 }] });
    const controller = new AbortController();
    const pending = llm.complete("x", { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toMatchObject({ name: "LLMError", kind: "aborted" });
  });

  it("rejects at once when the signal is already aborted", async () => {
    const llm = new MockLLM();
    await expect(llm.complete("x", { signal: AbortSignal.abort() })).rejects.toMatchObject({ kind: "aborted" });
  });

  it("names the malformed message", async () => {
    const llm = new MockLLM();
    await expect(llm.chat([{ role: "user", content: "ok" }, { role: "robot", content: "x" } as never])).rejects.toThrow(
      /messages\[1\]\.role must be/,
    );
  });
});
