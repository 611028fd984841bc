import { SpanStatusCode, trace } from "@opentelemetry/api";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { InMemoryStore, Memory, type MemoryBlock } from "../src/index.js";
import { conversation } from "./support/conversation.js";
import { setupTracing } from "./support/tracing.js";
import { wordTokenizer } from "./support/word-tokenizer.js";

const tracing = setupTracing();
afterAll(() => tracing.cleanup());
beforeEach(() => tracing.exporter.reset());
afterEach(() => {
  delete process.env.OPENINFERENCE_HIDE_INPUTS;
  delete process.env.OPENINFERENCE_HIDE_OUTPUTS;
});

const inStep = <T>(fn: () => Promise<T>) =>
  trace.getTracer("test").startActiveSpan("step chat", async (span) => {
    try {
      return await fn();
    } finally {
      span.end();
    }
  });

describe("memory spans", () => {
  it("nests memory.put, memory.flush and memory.get under the calling step, with token counts", async () => {
    const recorder: MemoryBlock = { name: "rec", priority: 1, get: async () => "", put: async () => {} };
    const memory = Memory.fromDefaults({
      sessionId: "user-42",
      tokenizer: wordTokenizer,
      tokenLimit: 100,
      chatHistoryTokenRatio: 0.5,
      tokenFlushSize: 20,
      blocks: [recorder],
    });
    await inStep(async () => {
      await memory.putMessages(conversation(6));
      await memory.get();
    });
    const [step] = tracing.spans("step chat");
    const [put] = tracing.spans("memory.put");
    const [flush] = tracing.spans("memory.flush");
    const [get] = tracing.spans("memory.get");
    expect(put.parentSpanContext?.spanId).toBe(step.spanContext().spanId);
    expect(get.parentSpanContext?.spanId).toBe(step.spanContext().spanId);
    expect(flush.parentSpanContext?.spanId).toBe(put.spanContext().spanId);
    for (const span of [put, flush, get]) {
      expect(span.spanContext().traceId).toBe(step.spanContext().traceId);
      expect(span.attributes["session.id"]).toBe("user-42");
      expect(span.attributes["weft.memory.session_id"]).toBe("user-42");
      expect(span.attributes["weft.memory.store"]).toBe("memory");
      expect(span.attributes["openinference.span.kind"]).toBe("CHAIN");
    }
    expect(put.attributes).toMatchObject({ "weft.memory.tokens": 60, "weft.memory.message_count": 12, "weft.memory.history_tokens": 40, "input.mime_type": "application/json" });
    expect(JSON.parse(String(put.attributes["input.value"]))).toEqual(conversation(6));
    expect(flush.attributes).toMatchObject({ "weft.memory.archived_count": 4, "weft.memory.tokens": 20, "weft.memory.history_tokens": 40 });
    expect(get.attributes).toMatchObject({ "weft.memory.tokens": 40, "weft.memory.history_tokens": 40, "weft.memory.message_count": 8, "weft.memory.token_limit": 100 });
    expect(JSON.parse(String(get.attributes["output.value"]))).toEqual(conversation(4, 0, 2));
  });

  it("hides inputs and outputs when asked, by option or environment, and truncates long values", async () => {
    const hidden = Memory.fromDefaults({ sessionId: "s", tokenizer: wordTokenizer, trace: { hideInputs: true, hideOutputs: true } });
    await hidden.put({ role: "user", content: "secret" });
    await hidden.get();
    expect(tracing.spans("memory.put")[0].attributes["input.value"]).toBe("__REDACTED__");
    expect(tracing.spans("memory.get")[0].attributes["output.value"]).toBe("__REDACTED__");

    tracing.exporter.reset();
    process.env.OPENINFERENCE_HIDE_INPUTS = "true";
    const env = Memory.fromDefaults({ sessionId: "s", tokenizer: wordTokenizer, trace: { maxValueLength: 20 } });
    await env.put({ role: "user", content: "another secret that is long" });
    await env.get();
    expect(tracing.spans("memory.put")[0].attributes["input.value"]).toBe("__REDACTED__");
    expect(tracing.spans("memory.get")[0].attributes["output.value"]).toMatch(/^.{20}…\[truncated \d+ chars\]$/);
  });

  it("marks a failed operation as an error with the exception", async () => {
    const memory = Memory.fromDefaults({ sessionId: "s", tokenizer: wordTokenizer, tokenLimit: 10 });
    await expect(memory.put({ role: "user", content: "far too many words for this tiny budget" })).rejects.toThrow();
    const [put] = tracing.spans("memory.put");
    expect(put.status.code).toBe(SpanStatusCode.ERROR);
    expect(put.events.map((e) => e.name)).toContain("exception");
    expect(put.attributes["error.type"]).toBe("MessageTooLargeError");
  });

  it("works with tracing off (no provider registered)", async () => {
    trace.disable();
    try {
      const memory = Memory.fromDefaults({ sessionId: "s", store: new InMemoryStore(), tokenizer: wordTokenizer });
      await memory.put({ role: "user", content: "hi" });
      expect(await memory.get()).toEqual([{ role: "user", content: "hi" }]);
    } finally {
      trace.setGlobalTracerProvider(tracing.provider);
    }
  });
});
