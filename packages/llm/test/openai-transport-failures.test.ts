import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { OpenAIEmbedding, OpenAILLM } from "../src/index.js";
import { fixture } from "./server/openai-wire-server.js";
import { useWireServer } from "./support/wire-server.js";
import { failure } from "./support/failure.js";

const wire = useWireServer();

let stderr: ReturnType<typeof vi.spyOn>;
let consoleError: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  stderr = vi.spyOn(process.stderr, "write");
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  // Nothing reaches the terminal behind the caller's back: the failure is the LLMError.
  expect(consoleError).not.toHaveBeenCalled();
  expect(stderr).not.toHaveBeenCalled();
  vi.restoreAllMocks();
});


describe("OpenAILLM: a stream that breaks", () => {
  it("a connection dropped mid-stream is a retryable connection LLMError naming the URL, after the chunks before it", async () => {
    wire.server.chat({ sse: fixture("stream-text.sse"), disconnectAfter: 4, eventDelayMs: 25 });
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const chunk of wire.llm().streamComplete("x")) seen.push(chunk.delta);
      })(),
    );
    expect(seen).toEqual(["Why", " did", " the"]);
    expect(error).toMatchObject({ kind: "connection", retryable: true, provider: "openai" });
    expect(error.message).toContain(`${wire.server.baseURL}/chat/completions`);
    expect(error.message).toMatch(/broke mid-stream/);
  });

  it("a malformed SSE line is a retryable server LLMError quoting the line, and the SDK prints nothing", async () => {
    const events = fixture("stream-text.sse").split("\n\n").slice(0, 3);
    wire.server.chat({ sse: [...events, "data: {not json at all"].join("\n\n") + "\n\n" });
    const stream = wire.llm().streamComplete("x");
    const error = await failure(stream.finalResponse());
    expect(error).toMatchObject({ kind: "server", retryable: true });
    expect(error.message).toMatch(/not valid JSON/);
    expect(error.message).toContain("{not json");
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});

describe("OpenAI connection failures", () => {
  it("name the URL and the root cause", async () => {
    const llm = new OpenAILLM({ model: "m", apiKey: "k", baseURL: "http://127.0.0.1:59999/v1", maxRetries: 0 });
    const error = await failure(llm.complete("x"));
    expect(error.kind).toBe("connection");
    expect(error.message).toContain("http://127.0.0.1:59999/v1/chat/completions");
    expect(error.message).toContain("ECONNREFUSED 127.0.0.1:59999");

    const embedding = new OpenAIEmbedding({ model: "e", apiKey: "k", baseURL: "http://127.0.0.1:59999/v1", maxRetries: 0 });
    const embedError = await failure(embedding.embed(["a"]));
    expect(embedError.message).toContain("http://127.0.0.1:59999/v1/embeddings");
    expect(embedError.message).toContain("ECONNREFUSED 127.0.0.1:59999");
  });

  it("a baseURL without a scheme is refused when the client is built", () => {
    expect(() => new OpenAILLM({ model: "m", apiKey: "k", baseURL: "localhost:11434/v1" })).toThrow(
      /OpenAILLM: baseURL "localhost:11434\/v1" .*http:\/\/localhost:11434\/v1/,
    );
    expect(() => new OpenAIEmbedding({ model: "m", apiKey: "k", baseURL: "127.0.0.1:8080" })).toThrow(/OpenAIEmbedding: baseURL/);
    expect(() => new OpenAILLM({ model: "m", apiKey: "k", baseURL: "ftp://example.com" })).toThrow(/http/);
    vi.stubEnv("OPENAI_BASE_URL", "api.example.com/v1");
    try {
      expect(() => new OpenAILLM({ model: "m", apiKey: "k" })).toThrow(/OPENAI_BASE_URL "api.example.com\/v1"/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
