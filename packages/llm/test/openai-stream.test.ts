import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool } from "../src/index.js";
import { fixture } from "./server/openai-wire-server.js";
import { useWireServer } from "./support/wire-server.js";
import { collect } from "./support/collect.js";

const wire = useWireServer();
const llm = wire.llm;

describe("OpenAILLM streaming over SSE", () => {
  it("streams text deltas, skips the role-only first chunk, and assembles the final response with usage", async () => {
    wire.server.chat({ sse: fixture("stream-text.sse") });
    const stream = llm().streamComplete("Write your best joke about pirates.");
    const chunks = await collect(stream);
    const deltas = chunks.map((c) => c.delta).filter((d) => d !== "");
    expect(deltas).toHaveLength(15);
    expect(deltas.join("")).toBe("Why did the pirate go to school? To improve his arrrticulation!");
    expect(chunks.every((c) => c.delta !== "" || c.finishReason || c.usage)).toBe(true);
    expect(chunks.at(-1)!.usage).toEqual({ inputTokens: 19, outputTokens: 15, totalTokens: 34 });
    expect(chunks.at(-1)!.text).toBe(deltas.join(""));

    const final = await stream.finalResponse();
    expect(final).toMatchObject({
      text: "Why did the pirate go to school? To improve his arrrticulation!",
      finishReason: "stop",
      usage: { inputTokens: 19, outputTokens: 15, totalTokens: 34 },
      model: "gpt-4.1-mini-2025-04-14",
      id: "chatcmpl-C1a2b3c4d5e6f7g8h9i0jStReAm",
    });
    expect(wire.server.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("can leave out stream_options for servers that reject it", async () => {
    wire.server.chat({ sse: fixture("stream-text.sse") });
    await llm({ streamUsage: false }).streamComplete("x").finalResponse();
    expect(wire.server.requests[0]!.body.stream_options).toBeUndefined();
  });

  it("assembles tool calls from their deltas and validates them", async () => {
    const getWeather = defineTool("get_weather", {
      description: "Weather",
      parameters: z.object({ city: z.string(), unit: z.enum(["c", "f"]).default("c") }),
    });
    wire.server.chat({ sse: fixture("stream-tool-calls.sse") });
    const stream = llm().streamChat([{ role: "user", content: "Weather in Paris and Oslo?" }], { tools: [getWeather] });
    const chunks = await collect(stream);
    const argumentText = chunks
      .flatMap((c) => c.toolCallDeltas ?? [])
      .filter((d) => d.index === 1)
      .map((d) => d.argumentsDelta ?? "")
      .join("");
    expect(argumentText).toBe('{"city":"Oslo","unit":"f"}');
    const final = await stream.finalResponse();
    expect(final.finishReason).toBe("tool_calls");
    expect(final.toolCalls).toEqual([
      { id: "call_Xq4mJ9b2Lr7TzK1pVn3sHw8d", name: "get_weather", arguments: { city: "Paris", unit: "c" }, rawArguments: '{"city":"Paris"}' },
      {
        id: "call_Bv6nR2kT8yW1qZ4sLp9mXc3f",
        name: "get_weather",
        arguments: { city: "Oslo", unit: "f" },
        rawArguments: '{"city":"Oslo","unit":"f"}',
      },
    ]);
    expect(final.usage.totalTokens).toBe(130);
  });

  it("aborts mid-stream through the signal", async () => {
    wire.server.chat({ sse: fixture("stream-text.sse"), eventDelayMs: 50 });
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of llm().streamComplete("x", { signal: controller.signal })) {
        seen.push(chunk.delta);
        controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "LLMError", kind: "aborted" });
    expect(seen).toEqual(["Why"]);
  });

  it("stops reading when the caller leaves the loop early", async () => {
    wire.server.chat({ sse: fixture("stream-text.sse"), eventDelayMs: 20 });
    const stream = llm().streamComplete("x");
    for await (const chunk of stream) if (chunk.delta === " did") break;
    await expect(stream.finalResponse()).rejects.toMatchObject({ kind: "aborted", message: expect.stringMatching(/closed before it ended/) });
  });
});

describe("OpenAILLM streaming: a stream cut off early", () => {
  it("fails instead of passing off part of an answer as whole", async () => {
    const cut = fixture("stream-text.sse").split("\n\n").slice(0, 5).join("\n\n");
    wire.server.chat({ sse: cut });
    const stream = llm().streamComplete("x");
    await expect(stream.finalResponse()).rejects.toMatchObject({ kind: "connection", message: expect.stringMatching(/no finish_reason/) });
  });
});

describe("OpenAILLM streaming: an error event inside the stream", () => {
  it("fails with the error's kind after the chunks before it", async () => {
    const events = fixture("stream-text.sse").split("\n\n").slice(0, 3);
    const errorEvent = `data: ${JSON.stringify({ error: { message: "The server had an error while processing your request.", type: "server_error", param: null, code: null } })}`;
    wire.server.chat({ sse: [...events, errorEvent].join("\n\n") + "\n\n" });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of llm().streamComplete("x")) seen.push(chunk.delta);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["Why", " did"]);
    expect(error).toMatchObject({ name: "LLMError", kind: "server", message: expect.stringMatching(/server had an error/) });
  });
});
