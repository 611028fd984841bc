import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool } from "../src/index.js";
import { AnthropicLLM } from "../src/anthropic.js";
import { anthropicError, anthropicSSE, fixture, jsonFixture } from "./server/anthropic-wire-server.js";
import { useAnthropicServer } from "./support/anthropic-wire-server.js";
import { setupTracing, type TestTracing } from "./support/tracing.js";
import { failure } from "./support/failure.js";
import { collect } from "./support/collect.js";

const wire = useAnthropicServer();
const llm = wire.llm;

const getWeather = defineTool("get_weather", {
  description: "Current weather for a city",
  parameters: z.object({ city: z.string(), unit: z.enum(["c", "f"]).default("c") }),
});

function message(text: string, extra: Record<string, unknown> = {}) {
  return {
    id: "msg_01Structured",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-4-5-20250929",
    content: [{ type: "text", text }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 },
    ...extra,
  };
}


describe("AnthropicLLM over the Messages API wire protocol", () => {
  it("completes a prompt: text, usage, stop reason, model, and the request as the API expects it", async () => {
    wire.server.messages({ json: jsonFixture("anthropic-message.json") });
    const res = await llm({ temperature: 0.3 }).chat([
      { role: "system", content: "You are funny." },
      { role: "system", content: "Be brief." },
      { role: "user", content: "Tell me a pirate joke." },
    ]);
    expect(res).toMatchObject({
      text: "Why did the pirate go to school? To improve his arrrticulation!",
      message: { role: "assistant", content: "Why did the pirate go to school? To improve his arrrticulation!" },
      finishReason: "stop",
      usage: { inputTokens: 21, outputTokens: 19, totalTokens: 40, cacheReadTokens: 0, cacheWriteTokens: 0 },
      model: "claude-sonnet-4-5-20250929",
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
    });
    const request = wire.server.requests[0]!;
    expect(request.path).toBe("/v1/messages");
    // This SDK version sends the key as a bearer token; older ones used x-api-key.
    expect(request.headers["x-api-key"] ?? request.headers.authorization).toMatch(/sk-ant-test$/);
    expect(request.headers["anthropic-version"]).toBeDefined();
    expect(request.body).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 4096,
      system: "You are funny.\n\nBe brief.",
      temperature: 0.3,
      messages: [{ role: "user", content: [{ type: "text", text: "Tell me a pirate joke." }] }],
    });
  });

  it("maps tool_use blocks to validated tool calls, and tool results back to tool_result blocks", async () => {
    wire.server.messages({ json: jsonFixture("anthropic-message-tool-use.json") });
    const res = await llm().chat([{ role: "user", content: "Weather in Paris and Oslo?" }], {
      tools: [getWeather],
      toolChoice: "required",
      parallelToolCalls: false,
    });
    expect(res.finishReason).toBe("tool_calls");
    expect(res.text).toBe("I'll look up the weather in both cities.");
    expect(res.toolCalls).toEqual([
      { id: "toolu_01A09q90qw90lq917835lq9", name: "get_weather", arguments: { city: "Paris", unit: "c" }, rawArguments: '{"city":"Paris"}' },
      {
        id: "toolu_01B18r81rx81mr826724mr8",
        name: "get_weather",
        arguments: { city: "Oslo", unit: "f" },
        rawArguments: '{"city":"Oslo","unit":"f"}',
      },
    ]);
    // Cached tokens are input tokens too; the details say how many.
    expect(res.usage).toEqual({ inputTokens: 3484, outputTokens: 96, totalTokens: 3580, cacheReadTokens: 2048, cacheWriteTokens: 1024 });
    expect(wire.server.requests[0]!.body).toMatchObject({
      tools: [{ name: "get_weather", description: "Current weather for a city", input_schema: getWeather.jsonSchema }],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
    });

    wire.server.messages({ json: jsonFixture("anthropic-message.json") });
    await llm().chat(
      [
        { role: "user", content: "Weather in Paris and Oslo?" },
        res.message,
        { role: "tool", toolCallId: "toolu_01A09q90qw90lq917835lq9", content: "18°C" },
        { role: "tool", toolCallId: "toolu_01B18r81rx81mr826724mr8", content: "50°F" },
      ],
      { tools: [getWeather] },
    );
    expect(wire.server.requests[1]!.body.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather in Paris and Oslo?" }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "I'll look up the weather in both cities." },
          { type: "tool_use", id: "toolu_01A09q90qw90lq917835lq9", name: "get_weather", input: { city: "Paris", unit: "c" } },
          { type: "tool_use", id: "toolu_01B18r81rx81mr826724mr8", name: "get_weather", input: { city: "Oslo", unit: "f" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_01A09q90qw90lq917835lq9", content: "18°C" },
          { type: "tool_result", tool_use_id: "toolu_01B18r81rx81mr826724mr8", content: "50°F" },
        ],
      },
    ]);
  });

  it("sends images as base64 or URL sources", async () => {
    wire.server.messages({ json: jsonFixture("anthropic-message.json") });
    await llm().chat([
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image", url: "data:image/png;base64,iVBORw0KGgo=" },
          { type: "image", url: "https://example.com/cat.jpg" },
        ],
      },
    ]);
    expect((wire.server.requests[0]!.body.messages as Array<{ content: unknown }>)[0]!.content).toEqual([
      { type: "text", text: "What is this?" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
      { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
    ]);
  });

  it("asks for structured output with output_config.format and validates the answer with zod", async () => {
    const Joke = z.object({ setup: z.string(), punchline: z.string() });
    wire.server.messages({ json: message('{"setup":"Why?","punchline":"Because."}') });
    const joke = await llm().structured(Joke, "A joke as JSON");
    expect(joke).toEqual({ setup: "Why?", punchline: "Because." });
    expect(wire.server.requests[0]!.body.output_config).toEqual({
      format: {
        type: "json_schema",
        schema: {
          type: "object",
          properties: { setup: { type: "string" }, punchline: { type: "string" } },
          required: ["setup", "punchline"],
          additionalProperties: false,
        },
      },
    });
  });

  it("maps stop reasons: max_tokens → length, refusal → content_filter with the refusal kept", async () => {
    wire.server.messages({ json: message("Once upon a", { stop_reason: "max_tokens" }) }, { json: message("", { stop_reason: "refusal" }) });
    expect((await llm().complete("story", { maxTokens: 3 })).finishReason).toBe("length");
    expect(wire.server.requests[0]!.body.max_tokens).toBe(3);
    const refused = await llm().complete("something bad");
    expect(refused).toMatchObject({ finishReason: "content_filter", refusal: "the model declined to answer" });
  });
});

describe("AnthropicLLM streaming over SSE", () => {
  it("streams text deltas from the event sequence and assembles the final response with usage", async () => {
    wire.server.messages({ sse: fixture("anthropic-stream-text.sse") });
    const stream = llm().streamComplete("Tell me a pirate joke.");
    const chunks = await collect(stream);
    expect(chunks.map((c) => c.delta).filter((d) => d !== "")).toEqual(["Why did", " the pirate", " go to school?", " To improve his arrrticulation!"]);
    const last = chunks.at(-1)!;
    expect(last).toMatchObject({ finishReason: "stop", usage: { inputTokens: 29, outputTokens: 19, totalTokens: 48, cacheReadTokens: 8 } });
    const final = await stream.finalResponse();
    expect(final).toMatchObject({
      text: "Why did the pirate go to school? To improve his arrrticulation!",
      finishReason: "stop",
      id: "msg_01StReAmXFDUDYJgAACzvnpt",
      model: "claude-sonnet-4-5-20250929",
    });
    expect(wire.server.requests[0]!.body.stream).toBe(true);
  });

  it("assembles tool calls from input_json_delta events, numbered in order", async () => {
    wire.server.messages({ sse: fixture("anthropic-stream-tool-use.sse") });
    const stream = llm().streamChat([{ role: "user", content: "Weather?" }], { tools: [getWeather] });
    const chunks = await collect(stream);
    const deltas = chunks.flatMap((c) => c.toolCallDeltas ?? []);
    expect(deltas.filter((d) => d.index === 0).map((d) => d.argumentsDelta ?? "").join("")).toBe('{"city": "Paris"}');
    expect(deltas.filter((d) => d.index === 1)[0]).toEqual({ index: 1, id: "toolu_02U2y2gK45rBnl3uOUsO8Vq7", name: "get_weather" });
    const final = await stream.finalResponse();
    expect(final.finishReason).toBe("tool_calls");
    expect(final.text).toBe("Checking the weather.");
    expect(final.toolCalls.map((c) => c.arguments)).toEqual([
      { city: "Paris", unit: "c" },
      { city: "Oslo", unit: "f" },
    ]);
    expect(final.usage).toMatchObject({ inputTokens: 472, outputTokens: 89 });
  });

  it("an error event inside the stream fails with its kind after the chunks before it", async () => {
    const events = fixture("anthropic-stream-text.sse").split("\n\n").slice(0, 5).join("\n\n");
    const error = anthropicSSE([{ type: "error", error: { type: "overloaded_error", message: "Overloaded" } } as { type: string }]);
    wire.server.messages({ sse: `${events}\n\n${error}` });
    const seen: string[] = [];
    const failed = await failure(
      (async () => {
        for await (const chunk of llm().streamComplete("x")) seen.push(chunk.delta);
      })(),
    );
    expect(seen).toEqual(["Why did", " the pirate"]);
    expect(failed).toMatchObject({ kind: "overloaded", retryable: true, code: "overloaded_error", message: expect.stringMatching(/Overloaded/) });
  });

  it("a stream cut off before message_stop fails instead of passing for a whole answer", async () => {
    const cut = fixture("anthropic-stream-text.sse").split("\n\n").slice(0, 6).join("\n\n") + "\n\n";
    wire.server.messages({ sse: cut });
    await expect(llm().streamComplete("x").finalResponse()).rejects.toMatchObject({ kind: "connection", message: expect.stringMatching(/message_stop/) });
  });

  it("a dropped connection mid-stream is a connection LLMError naming the URL", async () => {
    wire.server.messages({ sse: fixture("anthropic-stream-text.sse"), disconnectAfter: 5 });
    const error = await failure(llm().streamComplete("x").finalResponse());
    expect(error).toMatchObject({ kind: "connection", retryable: true });
    expect(error.message).toContain(`${wire.server.baseURL}/v1/messages`);
  });

  it("aborts mid-stream through the signal and closes the request", async () => {
    wire.server.messages({ sse: fixture("anthropic-stream-text.sse"), eventDelayMs: 100 });
    const controller = new AbortController();
    const arrived = wire.server.nextRequest();
    const error = await failure(
      (async () => {
        for await (const chunk of llm().streamComplete("x", { signal: controller.signal })) if (chunk.delta) controller.abort();
      })(),
    );
    expect(error.kind).toBe("aborted");
    await (await arrived).clientClosed;
  });
});

describe("AnthropicLLM errors", () => {
  it.each([
    [401, "invalid x-api-key", "auth", false],
    [429, "Number of request tokens has exceeded your per-minute rate limit", "rate_limit", true],
    [529, "Overloaded", "overloaded", true],
    [500, "Internal server error", "server", true],
    [400, "prompt is too long: 208310 tokens > 200000 maximum", "context_length", false],
    [400, "messages.0.content: Field required", "bad_request", false],
  ])("%i %s → %s", async (status, text, kind, retryable) => {
    wire.server.messages({ json: anthropicError(status, text), status, headers: status === 429 ? { "retry-after": "17" } : {} });
    const error = await failure(llm().complete("x"));
    expect(error).toMatchObject({ kind, status, retryable, provider: "anthropic" });
    expect(error.message).toContain(text);
    expect(error.requestId).toMatch(/^req_/);
    if (status === 429) expect(error.retryAfterMs).toBe(17_000);
  });

  it("a connection failure names the URL and the root cause", async () => {
    const error = await failure(new AnthropicLLM({ model: "m", apiKey: "k", baseURL: "http://127.0.0.1:59999", maxRetries: 0 }).complete("x"));
    expect(error.kind).toBe("connection");
    expect(error.message).toContain("http://127.0.0.1:59999/v1/messages");
    expect(error.message).toContain("ECONNREFUSED 127.0.0.1:59999");
  });

  it("refuses bad construction: no model, no key, a baseURL without a scheme", () => {
    expect(() => new AnthropicLLM({} as never)).toThrow(/"model" is required/);
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      expect(() => new AnthropicLLM({ model: "m" })).toThrow(/no API key/);
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
    expect(() => new AnthropicLLM({ model: "m", apiKey: "k", baseURL: "localhost:8080" })).toThrow(/baseURL "localhost:8080" .*http:\/\/localhost:8080/);
  });
});

describe("AnthropicLLM spans", () => {
  let tracing: TestTracing;
  beforeAll(() => {
    tracing = setupTracing();
  });
  afterAll(() => tracing.shutdown());

  it("records one LLM span with OpenInference and GenAI attributes, cache tokens included, and no span of the SDK's own", async () => {
    tracing.exporter.reset();
    wire.server.messages({ json: jsonFixture("anthropic-message-tool-use.json") });
    await llm().chat([{ role: "user", content: "Weather?" }], { tools: [getWeather] });
    expect(tracing.spans().map((s) => s.name)).toEqual(["chat claude-sonnet-4-5"]);
    const span = tracing.span("chat claude-sonnet-4-5");
    expect(span.attributes).toMatchObject({
      "openinference.span.kind": "LLM",
      "llm.provider": "anthropic",
      "gen_ai.provider.name": "anthropic",
      "llm.system": "anthropic",
      "gen_ai.request.model": "claude-sonnet-4-5",
      "gen_ai.response.model": "claude-sonnet-4-5-20250929",
      "gen_ai.usage.input_tokens": 3484,
      "gen_ai.usage.output_tokens": 96,
      "gen_ai.usage.cache_read.input_tokens": 2048,
      "gen_ai.usage.cache_creation.input_tokens": 1024,
      "llm.token_count.prompt_details.cache_read": 2048,
      "llm.token_count.prompt_details.cache_write": 1024,
      "gen_ai.response.finish_reasons": ["tool_calls"],
      "llm.output_messages.0.message.tool_calls.0.tool_call.function.name": "get_weather",
    });
    expect(JSON.parse(span.attributes["llm.invocation_parameters"] as string)).toEqual({ model: "claude-sonnet-4-5", max_tokens: 4096 });
  });
});
