import { trace } from "@opentelemetry/api";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { createTestTracing } from "../src/index.js";

// Libraries take their tracer once, at import time (the engine does). It must keep reporting to
// whichever test collection is current, test after test.
const importTimeTracer = trace.getTracer("imported-early");

describe("createTestTracing", () => {
  it("keeps import-time tracers working across collections, each collection seeing only its own spans", async () => {
    const first = createTestTracing();
    importTimeTracer.startSpan("one").end();
    await first.shutdown();
    const second = createTestTracing();
    importTimeTracer.startSpan("two").end();
    expect(first.spans().map((s) => s.name)).toEqual(["one"]);
    expect(second.spans().map((s) => s.name)).toEqual(["two"]);
    await second.shutdown();
  });

  it("records nothing after shutdown, and nests spans across awaits while active", async () => {
    const tracing = createTestTracing();
    await importTimeTracer.startActiveSpan("parent", async (parent) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      importTimeTracer.startSpan("child").end();
      parent.end();
    });
    const [child, parent] = tracing.spans();
    expect(child!.parentSpanContext?.spanId).toBe(parent!.spanContext().spanId);
    await tracing.shutdown();
    const late = importTimeTracer.startSpan("late");
    expect(late.isRecording()).toBe(false);
    late.end();
    expect(tracing.spans()).toHaveLength(2);
  });
  it("replaces a provider registered before it (last: this orphans import-time tracers, as trace.disable() does)", async () => {
    trace.setGlobalTracerProvider(new BasicTracerProvider());
    const tracing = createTestTracing();
    trace.getTracer("t").startSpan("after").end();
    expect(tracing.spans().map((s) => s.name)).toEqual(["after"]);
    await tracing.shutdown();
  });
});
