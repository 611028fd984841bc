import { withStepSignal } from "@weft/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, LLMError, MockLLM, OpenAILLM, type ToolContext } from "../src/index.js";
import { fixture, jsonFixture } from "./server/openai-wire-server.js";
import { useWireServer } from "./support/wire-server.js";

const wire = useWireServer();

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to reject");
    },
    (error: unknown) => error,
  );
}

describe("an LLM bound to a step's signal", () => {
  it("closes the HTTP request when the step's signal aborts, although the call passed no signal", async () => {
    wire.server.chat({ json: jsonFixture("chat-completion.json"), delayMs: 5_000 });
    const step = new AbortController();
    const llm = withStepSignal(wire.llm(), step.signal);
    const arrived = wire.server.nextRequest();
    const pending = rejection(llm.complete("Tell me a joke"));
    const request = await arrived;
    step.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(LLMError);
    expect(error).toMatchObject({ kind: "aborted", provider: "openai" });
    await request.clientClosed;
  });

  it("closes a streamed request mid-stream", async () => {
    wire.server.chat({ sse: fixture("stream-text.sse"), eventDelayMs: 200 });
    const step = new AbortController();
    const llm = withStepSignal(wire.llm(), step.signal);
    const arrived = wire.server.nextRequest();
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of llm.streamComplete("x")) {
          seen.push(chunk.delta);
          step.abort();
        }
      })(),
    );
    expect(error).toMatchObject({ name: "LLMError", kind: "aborted" });
    expect(seen).toEqual(["Why"]);
    await (await arrived).clientClosed;
  });

  it("still follows the call's own signal, and leaves the unbound LLM alone", async () => {
    const inner = wire.llm();
    const step = new AbortController();
    const bound = withStepSignal(inner, step.signal);
    wire.server.chat({ json: jsonFixture("chat-completion.json"), delayMs: 5_000 });
    const call = new AbortController();
    const arrived = wire.server.nextRequest();
    const pending = rejection(bound.chat([{ role: "user", content: "x" }], { signal: call.signal }));
    await arrived;
    call.abort();
    expect(await pending).toMatchObject({ kind: "aborted" });
    expect(step.signal.aborted).toBe(false);

    step.abort();
    wire.server.chat({ json: jsonFixture("chat-completion.json") });
    expect((await inner.complete("x")).finishReason).toBe("stop");
  });

  it("is a view of the same LLM: same class, model and state", async () => {
    // The protocol adds nothing to an adapter's public type: any LLM still stands in for an OpenAILLM.
    const standIn: { [K in keyof OpenAILLM]: OpenAILLM[K] } = new MockLLM();
    expect(standIn.provider).toBe("mock");
    const mock = new MockLLM({ responses: ["one"] });
    const bound = withStepSignal(mock, new AbortController().signal);
    expect(bound).toBeInstanceOf(MockLLM);
    expect(bound).not.toBe(mock);
    expect(bound.model).toBe("mock-model");
    expect((await bound.complete("hi")).text).toBe("one");
    expect(mock.calls).toHaveLength(1);
    expect(bound.lastCall.options.signal).toBeInstanceOf(AbortSignal);
    bound.assertAllUsed();
  });

  it("aborts MockLLM calls, structured calls and rebinding combines both signals", async () => {
    const step = new AbortController();
    const mock = new MockLLM({ delayMs: 5_000 });
    const bound = withStepSignal(mock, step.signal);
    const run = new AbortController();
    const twice = withStepSignal(bound, run.signal);
    const pending = [
      rejection(bound.complete("x")),
      rejection(bound.structured(z.object({ a: z.number() }), "x")),
      rejection(twice.streamComplete("x").finalResponse()),
    ];
    run.abort();
    expect(await pending[2]).toMatchObject({ kind: "aborted" });
    step.abort();
    for (const error of await Promise.all(pending.slice(0, 2))) expect(error).toMatchObject({ kind: "aborted" });
  });

  it("does not even start a call when the step was already cancelled", async () => {
    const step = new AbortController();
    step.abort();
    const llm = withStepSignal(new OpenAILLM({ model: "m", apiKey: "k", baseURL: wire.server.baseURL, maxRetries: 0 }), step.signal);
    expect(await rejection(llm.complete("x"))).toMatchObject({ kind: "aborted" });
    expect(wire.server.requests).toHaveLength(0);
  });
});

describe("an embedding model bound to a step's signal", () => {
  it("closes the embeddings request when the step's signal aborts", async () => {
    wire.server.embeddings({ json: jsonFixture("embeddings.json"), delayMs: 5_000 });
    const step = new AbortController();
    const embedding = withStepSignal(wire.embedding(), step.signal);
    const arrived = wire.server.nextRequest();
    const pending = rejection(embedding.embed(["a", "b"]));
    const request = await arrived;
    step.abort();
    expect(await pending).toMatchObject({ name: "LLMError", kind: "aborted" });
    await request.clientClosed;
  });
});

describe("a tool bound to a step's signal", () => {
  it("hands execute a signal that follows the step and the caller", async () => {
    const seen: Array<AbortSignal | undefined> = [];
    const slow = defineTool("slow", { description: "waits", parameters: z.object({}) }, (_args, context: ToolContext) => {
      seen.push(context.signal);
      return new Promise((_resolve, reject) => context.signal!.addEventListener("abort", () => reject(context.signal!.reason)));
    });
    const step = new AbortController();
    const bound = withStepSignal(slow, step.signal);
    expect(bound.name).toBe("slow");
    const pending = rejection(bound.call({}));
    step.abort(new Error("step cancelled"));
    expect(await pending).toMatchObject({ message: "step cancelled" });

    const caller = new AbortController();
    const again = rejection(withStepSignal(slow, new AbortController().signal).call({}, { signal: caller.signal }));
    caller.abort(new Error("caller gave up"));
    expect(await again).toMatchObject({ message: "caller gave up" });
    expect(seen).toHaveLength(2);
  });

  it("does not start when the step was already cancelled", async () => {
    let ran = false;
    const tool = defineTool("t", { description: "", parameters: z.object({}) }, () => (ran = true));
    const step = new AbortController();
    step.abort(new Error("cancelled before"));
    await expect(withStepSignal(tool, step.signal).call({})).rejects.toThrow("cancelled before");
    expect(ran).toBe(false);
  });
});
