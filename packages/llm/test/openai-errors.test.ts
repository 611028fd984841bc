import { describe, expect, it } from "vitest";
import { jsonFixture, OpenAIWireServer } from "./server/openai-wire-server.js";
import { useWireServer } from "./support/wire-server.js";
import { failure } from "./support/failure.js";

const wire = useWireServer();
const llm = wire.llm;


describe("OpenAILLM error mapping over HTTP", () => {
  it.each([
    ["error-401.json", 401, "auth", "invalid_api_key", false],
    ["error-429.json", 429, "rate_limit", "rate_limit_exceeded", true],
    ["error-500.json", 500, "server", undefined, true],
    ["error-400-context-length.json", 400, "context_length", "context_length_exceeded", false],
  ])("%s → %s", async (name, status, kind, code, retryable) => {
    wire.server.chat({ json: jsonFixture(name), status });
    const error = await failure(llm().complete("x"));
    expect(error).toMatchObject({ kind, status, code, retryable, provider: "openai" });
    expect(error.requestId).toMatch(/^req_/);
    expect(error.message).toContain(((jsonFixture(name) as { error: { message: string } }).error.message));
  });

  it("maps errors of a streamed call too", async () => {
    wire.server.chat({ json: jsonFixture("error-429.json"), status: 429 });
    const stream = llm().streamComplete("x");
    const error = await failure(stream.finalResponse());
    expect(error.kind).toBe("rate_limit");
  });

  it("retries through the SDK's maxRetries", async () => {
    wire.server.chat(
      { json: jsonFixture("error-500.json"), status: 500, headers: { "retry-after-ms": "1" } },
      { json: jsonFixture("chat-completion.json") },
    );
    const res = await llm({ maxRetries: 1 }).complete("x");
    expect(res.finishReason).toBe("stop");
    expect(wire.server.requests).toHaveLength(2);
  });

  it("times out a slow response (per call and per client)", async () => {
    wire.server.chat({ json: jsonFixture("chat-completion.json"), delayMs: 2_000 });
    expect((await failure(llm().complete("x", { timeoutMs: 100 }))).kind).toBe("timeout");
    wire.server.chat({ json: jsonFixture("chat-completion.json"), delayMs: 2_000 });
    expect((await failure(llm({ timeoutMs: 100 }).complete("x"))).kind).toBe("timeout");
  });

  it("aborts a slow response through the signal", async () => {
    wire.server.chat({ json: jsonFixture("chat-completion.json"), delayMs: 2_000 });
    const controller = new AbortController();
    // Abort once the request is at the server: a fixed delay could fire before it gets there on a loaded machine.
    const arrived = wire.server.nextRequest();
    const pending = llm().complete("x", { signal: controller.signal });
    await arrived;
    controller.abort();
    expect((await failure(pending)).kind).toBe("aborted");
  });

  it("reports a connection failure", async () => {
    const closed = await OpenAIWireServer.start();
    const baseURL = closed.baseURL;
    await closed.close();
    const error = await failure(llm({ baseURL }).complete("x"));
    expect(error.kind).toBe("connection");
    expect(error.retryable).toBe(true);
  });
});
