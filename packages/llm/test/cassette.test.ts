import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withStepSignal } from "@weft/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, LLMError, MockLLM, OpenAILLM, RecordingLLM, ReplayLLM, type LLMChunk } from "../src/index.js";
import { fixture, jsonFixture, OpenAIWireServer } from "./server/openai-wire-server.js";
import { setupTracing } from "./support/tracing.js";

const SECRET = "sk-proj-SECRETabcdef0123456789";
const getWeather = defineTool("get_weather", { description: "Weather", parameters: z.object({ city: z.string(), unit: z.enum(["c", "f"]).default("c") }) });
const Scientist = z.object({ name: z.string(), born: z.number().int(), fields: z.array(z.string()) });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "weft-cassette-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(stream: AsyncIterable<LLMChunk>): Promise<string[]> {
  const deltas: string[] = [];
  for await (const chunk of stream) deltas.push(chunk.delta);
  return deltas;
}

describe("RecordingLLM and ReplayLLM", () => {
  let server: OpenAIWireServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("records against the wire server, then replays every kind of call with the server stopped", async () => {
    const file = join(dir, "joke.cassette.json");
    server = await OpenAIWireServer.start();
    server.chat(
      { json: jsonFixture("chat-completion.json") },
      { sse: fixture("stream-text.sse") },
      { json: jsonFixture("chat-completion-tool-calls.json") },
      { json: jsonFixture("chat-completion-structured.json") },
      { json: jsonFixture("error-429.json"), status: 429 },
    );
    const real = new OpenAILLM({
      model: "gpt-4.1-mini",
      apiKey: SECRET,
      baseURL: server.baseURL,
      maxRetries: 0,
      defaultHeaders: { Authorization: `Bearer ${SECRET}` },
    });
    const recorder = new RecordingLLM(real, { file });
    const recorded = {
      complete: await recorder.complete("Tell me a joke", { temperature: 0.5, providerOptions: { api_key: SECRET } }),
      stream: await collect(recorder.streamComplete("Stream a joke")),
      tools: await recorder.chat([{ role: "user", content: "Weather in Paris and Oslo?" }], { tools: [getWeather] }),
      structured: await recorder.structured(Scientist, "Who wrote the first program?"),
      error: await recorder.complete("too fast").catch((e: unknown) => e),
    };
    expect(recorded.error).toMatchObject({ kind: "rate_limit" });
    await server.close();
    server = undefined;

    const text = readFileSync(file, "utf8");
    expect(text).not.toContain("SECRETabcdef");
    expect(text).not.toMatch(/authorization/i);
    expect(JSON.parse(text)).toMatchObject({ version: 1, provider: "openai", model: "gpt-4.1-mini" });

    const replay = new ReplayLLM({ file });
    expect([replay.provider, replay.model]).toEqual(["openai", "gpt-4.1-mini"]);
    // Key order and the signal do not matter for matching; the scrubbed key matches the scrubbed record.
    const complete = await replay.complete("Tell me a joke", { providerOptions: { api_key: SECRET }, temperature: 0.5, signal: new AbortController().signal });
    expect(complete.text).toBe(recorded.complete.text);
    expect(complete.usage).toEqual(recorded.complete.usage);
    expect(await collect(replay.streamComplete("Stream a joke"))).toEqual(recorded.stream);
    const tools = await replay.chat([{ role: "user", content: "Weather in Paris and Oslo?" }], { tools: [getWeather] });
    expect(tools.toolCalls).toEqual(recorded.tools.toolCalls);
    expect(await replay.structured(Scientist, "Who wrote the first program?")).toEqual(recorded.structured);
    const error = await replay.complete("too fast").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LLMError);
    expect(error).toMatchObject({ kind: "rate_limit", status: 429, retryable: true, message: (recorded.error as Error).message });
  });

  it("traces a replayed structured call as one LLM span with the value as its output, and a call with no answer as an error", async () => {
    const file = join(dir, "structured.cassette.json");
    const recorder = new RecordingLLM(new MockLLM({ responses: ['{"name":"Ada","born":1815,"fields":["math"]}'] }), { file });
    await recorder.structured(Scientist, "Who?");
    const tracing = setupTracing();
    try {
      const replay = new ReplayLLM({ file });
      expect(await replay.structured(Scientist, "Who?")).toEqual({ name: "Ada", born: 1815, fields: ["math"] });
      const unanswered = await replay.structured(z.object({ name: z.number() }), "Who?").catch((e: unknown) => e);
      expect(unanswered).toMatchObject({ kind: "not_found" });
      const [ok, failed] = tracing.spans();
      expect(tracing.spans()).toHaveLength(2);
      expect(ok!.attributes["output.value"]).toBe('{"name":"Ada","born":1815,"fields":["math"]}');
      expect(ok!.attributes["output.mime_type"]).toBe("application/json");
      expect(ok!.attributes["openinference.span.kind"]).toBe("LLM");
      expect(String(ok!.attributes["llm.invocation_parameters"])).toContain(`"replayed_from":${JSON.stringify(file)}`);
      expect(ok!.status.code).toBe(0);
      expect(failed!.status.code).toBe(2);
    } finally {
      await tracing.shutdown();
    }
  });

  it("fails a request it has no answer for with the first difference from the nearest recorded one", async () => {
    const file = join(dir, "diff.cassette.json");
    const recorder = new RecordingLLM(new MockLLM({ responses: ["a", "b"] }), { file });
    await recorder.chat([{ role: "system", content: "be brief" }, { role: "user", content: "hello" }]);
    await recorder.complete("something else entirely", { temperature: 1 });
    const replay = new ReplayLLM({ file });
    const error = await replay.chat([{ role: "system", content: "be brief" }, { role: "user", content: "hello!" }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LLMError);
    expect((error as LLMError).kind).toBe("not_found");
    expect((error as Error).message).toContain(`no recorded answer in the cassette ${file} for this chat request`);
    expect((error as Error).message).toContain('interactions[0], which differs first at messages[1].content: recorded "hello", got "hello!"');
    const streamed = await replay.streamComplete("something else entirely", { temperature: 1 }).finalResponse().catch((e: unknown) => e);
    expect((streamed as Error).message).toMatch(/for this stream request; nearest is interactions\[1\], which differs first at method: recorded "chat", got "stream"/);
  });

  it("answers equal requests in recorded order, then repeats the last", async () => {
    const file = join(dir, "order.cassette.json");
    const recorder = new RecordingLLM(new MockLLM({ responses: ["one", "two"] }), { file });
    await recorder.complete("again");
    await recorder.complete("again");
    const replay = new ReplayLLM({ file });
    const texts = [];
    for (let i = 0; i < 3; i++) texts.push((await replay.complete("again")).text);
    expect(texts).toEqual(["one", "two", "two"]);
  });

  it("a recording LLM follows the step's signal too, and records no abort", async () => {
    const file = join(dir, "abort.cassette.json");
    const step = new AbortController();
    const recorder = withStepSignal(new RecordingLLM(new MockLLM({ delayMs: 5_000 }), { file }), step.signal);
    const pending = recorder.complete("slow").catch((e: unknown) => e);
    step.abort();
    expect(await pending).toMatchObject({ name: "LLMError", kind: "aborted" });
    expect(JSON.parse(readFileSync(file, "utf8")).interactions).toEqual([]);
  });

  it("refuses a missing or malformed cassette, naming the file", () => {
    expect(() => new ReplayLLM({ file: join(dir, "missing.json") })).toThrow(/cannot read the cassette .*missing\.json.*record it first/);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ version: 7 }));
    expect(() => new ReplayLLM({ file: bad })).toThrow(/bad\.json has version 7/);
    writeFileSync(bad, JSON.stringify({ version: 1, provider: "p", model: "m", interactions: [{ request: { method: "stream", messages: [], options: {} }, response: { text: "", toolCalls: [] } }] }));
    expect(() => new ReplayLLM({ file: bad })).toThrow(/bad\.json: interactions\[0\] is a stream without chunks/);
    expect(() => new RecordingLLM({} as never, { file: bad })).toThrow(/must be an LLM/);
  });
});
