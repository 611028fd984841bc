import { context, createContextKey, ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { afterAll, describe, expect, it } from "vitest";
import { LinkedContext } from "../src/tracing/linked-context.js";
import { inMemoryTracing } from "./tracing-setup.js";

const tracing = inMemoryTracing();
afterAll(() => tracing.cleanup());

const A = createContextKey("a");
const B = createContextKey("b");

describe("LinkedContext (the context a traced run gives its steps)", () => {
  it("reads its parent's values and shadows them without changing the parent", () => {
    const base = ROOT_CONTEXT.setValue(A, 1).setValue(B, 2);
    const linked = LinkedContext.on(base);
    expect(linked.getValue(A)).toBe(1);
    const changed = linked.setValue(A, 10);
    expect(changed.getValue(A)).toBe(10);
    expect(changed.getValue(B)).toBe(2);
    expect(linked.getValue(A)).toBe(1);
    expect(base.getValue(A)).toBe(1);
  });

  it("deleteValue hides a parent's value", () => {
    const linked = LinkedContext.on(ROOT_CONTEXT.setValue(A, 1)).setValue(B, 2);
    const without = linked.deleteValue(A);
    expect(without.getValue(A)).toBeUndefined();
    expect(without.getValue(B)).toBe(2);
    expect(linked.getValue(A)).toBe(1);
  });

  it("carries spans through context.with and async code, so spans started inside nest under it", async () => {
    const tracer = trace.getTracer("test");
    const outer = tracer.startSpan("outer");
    const ctx = trace.setSpan(LinkedContext.on(ROOT_CONTEXT), outer);
    expect(ctx).toBeInstanceOf(LinkedContext);
    const inner = await context.with(ctx, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return tracer.startSpan("inner");
    });
    expect(inner.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect((inner as unknown as { parentSpanContext?: { spanId: string } }).parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    inner.end();
    outer.end();
  });
});
