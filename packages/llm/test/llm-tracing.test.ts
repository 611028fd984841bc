import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, MockLLM, OpenAIEmbedding, OpenAILLM } from "../src/index.js";
import { fixture, jsonFixture, OpenAIWireServer } from "./server/openai-wire-server.js";
import { setupTracing, type TestTracing } from "./support/tracing.js";

let server: OpenAIWireServer;
let tracing: TestTracing;
beforeAll(async () => {
  server = await OpenAIWireServer.start();
  tracing = setupTracing();
});
afterAll(async () => {
  await server.close();
  await tracing.shutdown();
});
afterEach(() => {
  server.requests.length = 0;
  tracing.exporter.reset();
  expect(server.pending).toBe(0);
});

const llm = (options: Partial<ConstructorParameters<typeof OpenAILLM>[0]> = {}) =>
  new OpenAILLM({ model: "gpt-4.1-mini", apiKey: "sk-test", baseURL: server.baseURL, maxRetries: 0, ...options });

describe("LLM spans", () => {
  it("records a chat call with OpenInference and GenAI attributes, under the active span", async () => {
    server.chat({ json: jsonFixture("chat-completion.json") });
    const parent = trace.getTracer("test").startSpan("step generateJoke");
    await context.with(trace.setSpan(context.active(), parent), () =>
      llm().chat([{ role: "system", content: "You are funny." }, { role: "user", content: "A pirate joke." }], {
        temperature: 0.7,
        maxTokens: 100,
      }),
    );
    parent.end();
    const span = tracing.span("chat gpt-4.1-mini");
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span.instrumentationScope.name).toBe("@weft/llm");
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    const text = "Why did the pirate go to school? To improve his arrrticulation!";
    expect(span.attributes).toMatchObject({
      "openinference.span.kind": "LLM",
      "llm.model_name": "gpt-4.1-mini",
      "llm.provider": "openai",
      "llm.system": "openai",
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4.1-mini",
      "gen_ai.response.model": "gpt-4.1-mini-2025-04-14",
      "gen_ai.response.id": "chatcmpl-C1a2b3c4d5e6f7g8h9i0jKlMnOp",
      "gen_ai.request.temperature": 0.7,
      "gen_ai.request.max_tokens": 100,
      "gen_ai.usage.input_tokens": 19,
      "gen_ai.usage.output_tokens": 15,
      "gen_ai.response.finish_reasons": ["stop"],
      "llm.token_count.prompt": 19,
      "llm.token_count.completion": 15,
      "llm.token_count.total": 34,
      "llm.input_messages.0.message.role": "system",
      "llm.input_messages.0.message.content": "You are funny.",
      "llm.input_messages.1.message.role": "user",
      "llm.input_messages.1.message.content": "A pirate joke.",
      "llm.output_messages.0.message.role": "assistant",
      "llm.output_messages.0.message.content": text,
      "input.mime_type": "application/json",
      "output.value": text,
      "output.mime_type": "text/plain",
    });
    expect(JSON.parse(span.attributes["llm.invocation_parameters"] as string)).toEqual({
      model: "gpt-4.1-mini",
      temperature: 0.7,
      max_tokens: 100,
    });
    expect(JSON.parse(span.attributes["input.value"] as string).messages).toHaveLength(2);
  });

  it("records tool definitions and the tool calls of the answer", async () => {
    const getWeather = defineTool("get_weather", { description: "Weather", parameters: z.object({ city: z.string() }) });
    server.chat({ json: jsonFixture("chat-completion-tool-calls.json") });
    await llm().complete("Weather?", { tools: [getWeather] });
    const attributes = tracing.span("chat gpt-4.1-mini").attributes;
    expect(JSON.parse(attributes["llm.tools.0.tool.json_schema"] as string)).toMatchObject({
      type: "function",
      function: { name: "get_weather", description: "Weather", parameters: { type: "object" } },
    });
    expect(attributes).toMatchObject({
      "llm.output_messages.0.message.tool_calls.0.tool_call.id": "call_Xq4mJ9b2Lr7TzK1pVn3sHw8d",
      "llm.output_messages.0.message.tool_calls.0.tool_call.function.name": "get_weather",
      "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments": '{"city":"Paris"}',
      "llm.output_messages.0.message.tool_calls.1.tool_call.function.arguments": '{"city":"Oslo","unit":"f"}',
      "gen_ai.response.finish_reasons": ["tool_calls"],
      "output.mime_type": "application/json",
    });
  });

  it("records image parts and tool results of the input", async () => {
    await new MockLLM({ responses: ["ok"] }).chat([
      { role: "user", content: [{ type: "text", text: "see" }, { type: "image", url: "https://x.test/cat.png" }] },
      { role: "tool", content: "42", toolCallId: "call_9", name: "calc" },
    ]);
    expect(tracing.span("chat mock-model").attributes).toMatchObject({
      "llm.provider": "mock",
      "llm.input_messages.0.message.contents.0.message_content.type": "text",
      "llm.input_messages.0.message.contents.0.message_content.text": "see",
      "llm.input_messages.0.message.contents.1.message_content.type": "image",
      "llm.input_messages.0.message.contents.1.message_content.image.image.url": "https://x.test/cat.png",
      "llm.input_messages.1.message.tool_call_id": "call_9",
      "llm.input_messages.1.message.name": "calc",
    });
  });

  it("keeps a streaming span open until the stream ends and records time to first token", async () => {
    server.chat({ sse: fixture("stream-text.sse") });
    const stream = llm().streamComplete("A pirate joke.");
    let openWhileStreaming = true;
    for await (const _chunk of stream) {
      if (tracing.spans().length > 0) openWhileStreaming = false;
    }
    expect(openWhileStreaming).toBe(true);
    const span = tracing.span("chat gpt-4.1-mini");
    expect(span.attributes).toMatchObject({
      "weft.llm.streaming": true,
      "output.value": "Why did the pirate go to school? To improve his arrrticulation!",
      "llm.token_count.total": 34,
      "gen_ai.response.finish_reasons": ["stop"],
    });
    expect(span.attributes["weft.llm.time_to_first_token_ms"]).toEqual(expect.any(Number));
    expect(span.events.map((e) => e.name)).toContain("weft.llm.first_token");
  });

  it("marks a stream left early as cancelled, not failed", async () => {
    const stream = new MockLLM({ responses: ["one two three"] }).streamComplete("x");
    for await (const _chunk of stream) break;
    const span = tracing.span("chat mock-model");
    expect(span.attributes["weft.llm.stream.cancelled"]).toBe(true);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("records a failed call as an ERROR with the exception", async () => {
    server.chat({ json: jsonFixture("error-429.json"), status: 429 });
    await expect(llm().complete("x")).rejects.toMatchObject({ kind: "rate_limit" });
    const span = tracing.span("chat gpt-4.1-mini");
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.status.message).toMatch(/Rate limit reached/);
    expect(span.attributes["error.type"]).toBe("rate_limit");
    expect(span.attributes["http.response.status_code"]).toBe(429);
    expect(span.events.some((e) => e.name === "exception")).toBe(true);
  });

  it("does not mark an abort by the caller as an error", async () => {
    const controller = new AbortController();
    const pending = new MockLLM({ responses: [{ text: "x", delayMs: 5_000 }] }).complete("x", { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: "aborted" });
    const span = tracing.span("chat mock-model");
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes["weft.llm.aborted"]).toBe(true);
  });
});

describe("redaction", () => {
  const ENV = [
    "OPENINFERENCE_HIDE_INPUTS",
    "OPENINFERENCE_HIDE_OUTPUTS",
    "OPENINFERENCE_HIDE_INPUT_MESSAGES",
    "OPENINFERENCE_HIDE_OUTPUT_MESSAGES",
    "WEFT_TRACE_MAX_VALUE_LENGTH",
  ];
  afterEach(() => ENV.forEach((name) => delete process.env[name]));

  it("hides inputs when OPENINFERENCE_HIDE_INPUTS=true, keeping roles and outputs", async () => {
    process.env.OPENINFERENCE_HIDE_INPUTS = "true";
    await new MockLLM({ responses: ["visible answer"] }).complete("secret prompt");
    const attributes = tracing.span("chat mock-model").attributes;
    expect(attributes["input.value"]).toBe("__REDACTED__");
    expect(attributes["llm.input_messages.0.message.role"]).toBe("user");
    expect(attributes["llm.input_messages.0.message.content"]).toBe("__REDACTED__");
    expect(attributes["output.value"]).toBe("visible answer");
    expect(JSON.stringify(attributes)).not.toContain("secret prompt");
  });

  it('reads OPENINFERENCE_HIDE_INPUTS=1 as on, like every other package (it used to be read as off here)', async () => {
    process.env.OPENINFERENCE_HIDE_INPUTS = "1";
    await new MockLLM({ responses: ["visible answer"] }).complete("secret prompt");
    const attributes = tracing.span("chat mock-model").attributes;
    expect(attributes["input.value"]).toBe("__REDACTED__");
    expect(JSON.stringify(attributes)).not.toContain("secret prompt");
  });

  it("refuses a misspelt switch, naming it, instead of tracing what it was meant to hide", async () => {
    process.env.OPENINFERENCE_HIDE_INPUTS = "ture";
    await expect(new MockLLM({ responses: ["answer"] }).complete("secret prompt")).rejects.toThrow(/OPENINFERENCE_HIDE_INPUTS="ture"/);
    expect(JSON.stringify(tracing.spans().map((span) => span.attributes))).not.toContain("secret prompt");
  });

  it("hides only the messages with the *_MESSAGES variables", async () => {
    process.env.OPENINFERENCE_HIDE_INPUT_MESSAGES = "true";
    process.env.OPENINFERENCE_HIDE_OUTPUT_MESSAGES = "true";
    await new MockLLM({ responses: ["answer"] }).complete("prompt");
    const attributes = tracing.span("chat mock-model").attributes;
    expect(attributes["llm.input_messages.0.message.content"]).toBe("__REDACTED__");
    expect(attributes["llm.output_messages.0.message.content"]).toBe("__REDACTED__");
    expect(attributes["input.value"]).toContain("prompt");
    expect(attributes["output.value"]).toBe("answer");
  });

  it("hides outputs and tool-call arguments through code options", async () => {
    const llm = new MockLLM({ responses: [{ toolCalls: [{ name: "f", arguments: { card: "4111" } }] }], trace: { hideOutputs: true } });
    await llm.complete("pay");
    const attributes = tracing.span("chat mock-model").attributes;
    expect(attributes["output.value"]).toBe("__REDACTED__");
    expect(attributes["llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments"]).toBe("__REDACTED__");
    expect(attributes["llm.output_messages.0.message.tool_calls.0.tool_call.function.name"]).toBe("f");
    expect(attributes["llm.input_messages.0.message.content"]).toBe("pay");
  });

  it("truncates long values (env and option)", async () => {
    process.env.WEFT_TRACE_MAX_VALUE_LENGTH = "10";
    await new MockLLM({ responses: ["x".repeat(25)] }).complete("short");
    expect(tracing.span("chat mock-model").attributes["output.value"]).toBe(`${"x".repeat(10)}…[truncated 15 chars]`);
    tracing.exporter.reset();
    await new MockLLM({ responses: ["y".repeat(8)], trace: { maxValueLength: 5 } }).complete("short");
    expect(tracing.span("chat mock-model").attributes["output.value"]).toBe("yyyyy…[truncated 3 chars]");
  });
});

describe("tool and embedding spans", () => {
  it("runs a tool inside an execute_tool span", async () => {
    const add = defineTool("add", { description: "Adds", parameters: z.object({ a: z.number(), b: z.number() }) }, ({ a, b }) => a + b);
    expect(await add.call({ id: "call_1", name: "add", arguments: { a: 2, b: 3 }, rawArguments: '{"a":2,"b":3}' })).toBe(5);
    const span = tracing.span("execute_tool add");
    expect(span.attributes).toMatchObject({
      "openinference.span.kind": "TOOL",
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "add",
      "gen_ai.tool.call.id": "call_1",
      "tool.name": "add",
      "input.value": '{"a":2,"b":3}',
      "output.value": "5",
    });
    await expect(add.call({ a: "two" })).rejects.toThrow(/tool "add": invalid arguments/);
    expect(tracing.spans().at(-1)!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it("notes a tool call stopped by its signal as aborted, not as the tool's error", async () => {
    const controller = new AbortController();
    const wait = defineTool("wait", { description: "Waits for the signal", parameters: z.object({}) }, (_args, { signal }) => {
      return new Promise<string>((_resolve, reject) => signal!.addEventListener("abort", () => reject(signal!.reason)));
    });
    const pending = wait.call({}, { signal: controller.signal });
    controller.abort(new Error("paused for a human"));
    await expect(pending).rejects.toThrow("paused for a human");
    const span = tracing.span("execute_tool wait");
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes["weft.tool.aborted"]).toBe(true);
    expect(span.events.map((e) => e.name)).toEqual(["weft.tool.aborted"]);
  });

  it("records an embeddings call as an EMBEDDING span", async () => {
    server.embeddings({ json: jsonFixture("embeddings.json") });
    const embedding = new OpenAIEmbedding({ model: "text-embedding-3-small", apiKey: "sk-test", baseURL: server.baseURL });
    await embedding.embed(["hello", "world"]);
    const span = tracing.span("embeddings text-embedding-3-small");
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      "openinference.span.kind": "EMBEDDING",
      "embedding.model_name": "text-embedding-3-small",
      "embedding.embeddings.0.embedding.text": "hello",
      "embedding.embeddings.1.embedding.text": "world",
      "gen_ai.operation.name": "embeddings",
      "gen_ai.request.model": "text-embedding-3-small",
      "gen_ai.usage.input_tokens": 8,
      "gen_ai.embeddings.dimension.count": 4,
    });
  });
});
