import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, LLMError, OpenAILLM } from "../src/index.js";
import { jsonFixture } from "./server/openai-wire-server.js";
import { useWireServer } from "./support/wire-server.js";

const wire = useWireServer();
const llm = wire.llm;

describe("OpenAILLM over HTTP: chat", () => {
  it("completes a prompt and maps text, usage, finish reason and model", async () => {
    wire.server.chat({ json: jsonFixture("chat-completion.json") });
    const res = await llm().complete("Write your best joke about pirates.", { temperature: 0.7, maxTokens: 200 });
    expect(res.text).toBe("Why did the pirate go to school? To improve his arrrticulation!");
    expect(res.message).toEqual({ role: "assistant", content: res.text });
    expect(res.usage).toEqual({ inputTokens: 19, outputTokens: 15, totalTokens: 34 });
    expect(res.finishReason).toBe("stop");
    expect(res.model).toBe("gpt-4.1-mini-2025-04-14");
    expect(res.id).toBe("chatcmpl-C1a2b3c4d5e6f7g8h9i0jKlMnOp");

    const [request] = wire.server.requests;
    expect(request!.path).toBe("/v1/chat/completions");
    expect(request!.headers.authorization).toBe("Bearer sk-test");
    expect(request!.body).toEqual({
      model: "gpt-4.1-mini",
      messages: [{ role: "user", content: "Write your best joke about pirates." }],
      temperature: 0.7,
      max_tokens: 200,
    });
  });

  it("sends every message kind in the wire shape, with pass-through options", async () => {
    wire.server.chat({ json: jsonFixture("chat-completion.json") });
    await llm({ providerOptions: { user: "u-1" }, maxTokensField: "max_completion_tokens" }).chat(
      [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture?" },
            { type: "image", url: "data:image/png;base64,iVBORw0KGgo=", detail: "low" },
          ],
          name: "ada",
        },
        {
          role: "assistant",
          content: "",
          toolCalls: [{ id: "call_1", name: "look", arguments: { zoom: 2 }, rawArguments: '{"zoom":2}' }],
        },
        { role: "tool", content: "a cat", toolCallId: "call_1" },
      ],
      { maxTokens: 50, seed: 7, stop: ["\n\n"], providerOptions: { logprobs: true } },
    );
    expect(wire.server.requests[0]!.body).toEqual({
      model: "gpt-4.1-mini",
      messages: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          name: "ada",
          content: [
            { type: "text", text: "What is in this picture?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=", detail: "low" } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: { name: "look", arguments: '{"zoom":2}' } }],
        },
        { role: "tool", tool_call_id: "call_1", content: "a cat" },
      ],
      max_completion_tokens: 50,
      seed: 7,
      stop: ["\n\n"],
      user: "u-1",
      logprobs: true,
    });
  });

  it("names a tool message without toolCallId", async () => {
    await expect(llm().chat([{ role: "tool", content: "x" }])).rejects.toThrow(/messages\[0\]: a "tool" message needs toolCallId/);
  });

  it("reads OPENAI_API_KEY and OPENAI_BASE_URL like the SDK", async () => {
    const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
    process.env.OPENAI_API_KEY = "sk-from-env";
    process.env.OPENAI_BASE_URL = wire.server.baseURL;
    try {
      wire.server.chat({ json: jsonFixture("chat-completion.json") });
      await new OpenAILLM({ model: "m", maxRetries: 0 }).complete("hi");
      expect(wire.server.requests[0]!.headers.authorization).toBe("Bearer sk-from-env");
    } finally {
      restoreEnv("OPENAI_API_KEY", saved.key);
      restoreEnv("OPENAI_BASE_URL", saved.url);
    }
  });

  it("fails clearly without any API key", () => {
    const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
    try {
      expect(() => new OpenAILLM({ model: "m" })).toThrow(/no API key: pass \{ apiKey \} or set OPENAI_API_KEY/);
      expect(() => new OpenAILLM({ model: "m", baseURL: "https://api.openai.com/v1" })).toThrow(/no API key/);
    } finally {
      restoreEnv("OPENAI_API_KEY", saved.key);
      restoreEnv("OPENAI_BASE_URL", saved.url);
    }
  });

  it("needs no key for a compatible server given by baseURL", async () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      wire.server.chat({ json: jsonFixture("chat-completion.json") });
      const res = await new OpenAILLM({ model: "llama3.2", baseURL: wire.server.baseURL, maxRetries: 0 }).complete("hi");
      expect(res.text.length).toBeGreaterThan(0);
    } finally {
      restoreEnv("OPENAI_API_KEY", saved);
    }
  });
});

describe("OpenAILLM over HTTP: tools", () => {
  const getWeather = defineTool("get_weather", {
    description: "Current weather in a city",
    parameters: z.object({ city: z.string(), unit: z.enum(["c", "f"]).default("c") }),
  });

  it("sends tool definitions and returns the calls parsed and validated", async () => {
    wire.server.chat({ json: jsonFixture("chat-completion-tool-calls.json") });
    const res = await llm().chat([{ role: "user", content: "Weather in Paris and Oslo?" }], {
      tools: [getWeather],
      toolChoice: "required",
      parallelToolCalls: true,
    });
    const body = wire.server.requests[0]!.body;
    expect(body.tools).toEqual([
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Current weather in a city",
          parameters: {
            type: "object",
            properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"], default: "c" } },
            required: ["city"],
          },
        },
      },
    ]);
    expect(body.tool_choice).toBe("required");
    expect(body.parallel_tool_calls).toBe(true);
    expect(res.finishReason).toBe("tool_calls");
    expect(res.text).toBe("");
    expect(res.toolCalls).toEqual([
      { id: "call_Xq4mJ9b2Lr7TzK1pVn3sHw8d", name: "get_weather", arguments: { city: "Paris", unit: "c" }, rawArguments: '{"city":"Paris"}' },
      {
        id: "call_Bv6nR2kT8yW1qZ4sLp9mXc3f",
        name: "get_weather",
        arguments: { city: "Oslo", unit: "f" },
        rawArguments: '{"city":"Oslo","unit":"f"}',
      },
    ]);
  });

  it("sends strict tools through the SDK's zod helper and a named tool choice", async () => {
    const strictTool = defineTool("lookup", { description: "Look up", parameters: z.object({ q: z.string() }), strict: true });
    wire.server.chat({ json: jsonFixture("chat-completion.json") });
    await llm().complete("x", { tools: [strictTool], toolChoice: { name: "lookup" } });
    const body = wire.server.requests[0]!.body as { tools: Array<{ function: Record<string, unknown> }>; tool_choice: unknown };
    expect(body.tools[0]!.function).toMatchObject({ name: "lookup", strict: true, parameters: { required: ["q"], additionalProperties: false } });
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "lookup" } });
  });
});

describe("OpenAILLM over HTTP: structured output", () => {
  const Scientist = z.object({ name: z.string(), born: z.number().int(), fields: z.array(z.string()) });

  it("sends a strict json_schema made by the SDK's zod helper and validates the reply", async () => {
    wire.server.chat({ json: jsonFixture("chat-completion-structured.json") });
    const result = await llm().structured(Scientist, "Who wrote the first program?", { name: "scientist" });
    expect(result).toEqual({ name: "Ada Lovelace", born: 1815, fields: ["mathematics", "computing"] });
    const format = wire.server.requests[0]!.body.response_format as { type: string; json_schema: Record<string, unknown> };
    expect(format.type).toBe("json_schema");
    expect(format.json_schema).toMatchObject({ name: "scientist", strict: true, schema: { type: "object", additionalProperties: false } });
  });

  it("repairs once with the validation problem, then succeeds", async () => {
    wire.server.chat({ json: jsonFixture("chat-completion-structured-invalid.json") }, { json: jsonFixture("chat-completion-structured.json") });
    const result = await llm().structured(Scientist, "Who?");
    expect(result.born).toBe(1815);
    const repair = wire.server.requests[1]!.body.messages as Array<{ role: string; content: string }>;
    expect(repair.at(-2)).toEqual({ role: "assistant", content: '{"name":"Ada Lovelace","born":"December 1815"}' });
    expect(repair.at(-1)!.content).toMatch(/does not fit the schema[\s\S]*born/);
  });

  it("rejects with invalid_output after a failed repair", async () => {
    const bad = { json: jsonFixture("chat-completion-structured-invalid.json") };
    wire.server.chat(bad, bad);
    await expect(llm().structured(Scientist, "Who?")).rejects.toMatchObject({ kind: "invalid_output", name: "LLMError" });
  });

  it("falls back to JSON mode when the server refuses json_schema, and remembers it", async () => {
    const model = llm();
    wire.server.chat(
      { json: jsonFixture("error-400-response-format.json"), status: 400 },
      { json: jsonFixture("chat-completion-structured.json") },
      { json: jsonFixture("chat-completion-structured.json") },
    );
    expect((await model.structured(Scientist, "Who?")).name).toBe("Ada Lovelace");
    expect((await model.structured(Scientist, "Who?")).name).toBe("Ada Lovelace");
    const formats = wire.server.requests.map((r) => (r.body.response_format as { type: string }).type);
    expect(formats).toEqual(["json_schema", "json_object", "json_object"]);
    const system = (wire.server.requests[1]!.body.messages as Array<{ role: string; content: string }>)[0]!;
    expect(system.role).toBe("system");
    expect(system.content).toMatch(/JSON schema named "response"/);
  });

  it("uses JSON mode directly for schemas the strict helper cannot express", async () => {
    wire.server.chat({ json: jsonFixture("chat-completion-structured.json") });
    const Loose = z.object({ name: z.string(), born: z.number().optional() });
    expect(await llm().structured(Loose, "Who?")).toEqual({ name: "Ada Lovelace", born: 1815 });
    expect((wire.server.requests[0]!.body.response_format as { type: string }).type).toBe("json_object");
  });

  it("in json_schema mode reports an inexpressible schema instead of falling back", async () => {
    const Loose = z.object({ born: z.number().optional() });
    await expect(llm().structured(Loose, "Who?", { mode: "json_schema" })).rejects.toThrow(/cannot be sent as a strict JSON schema/);
    expect(wire.server.requests).toHaveLength(0);
  });

  it("reports a refusal without a repair attempt", async () => {
    wire.server.chat({ json: jsonFixture("chat-completion-refusal.json") });
    const error = await llm().structured(Scientist, "Who?").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LLMError);
    expect(error).toMatchObject({ kind: "invalid_output", message: expect.stringMatching(/refused.*can't assist/) });
    expect(wire.server.requests).toHaveLength(1);
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
