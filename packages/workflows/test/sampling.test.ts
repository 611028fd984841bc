import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, ParentBasedSampler, SimpleSpanProcessor, TraceIdRatioBasedSampler } from "@opentelemetry/sdk-trace-base";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, StartEvent, StopEvent, Workflow } from "../src/index.js";

// A provider of its own: half the traces sampled, as `OTEL_TRACES_SAMPLER=parentbased_traceidratio` with 0.5 does.
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.5) }),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(provider);
afterAll(() => {
  trace.disable();
  context.disable();
});

const Mid = defineEvent("SampledMid", { n: z.number() });
const wf = new Workflow({ name: "Sampled" })
  .step("first", { accepts: [StartEvent], returns: [Mid] }, async () => new Mid({ n: 1 }))
  .step("second", { accepts: [Mid], returns: [StopEvent] }, async (ev) => {
    // a span of the step's own (an LLM call, say) follows the run's sampling decision
    trace.getTracer("inner").startSpan("inner call").end();
    return new StopEvent({ result: ev.n + 1 });
  });

describe("sampling", () => {
  it("traces a run whole or not at all, and runs it either way", async () => {
    const runs = 40;
    for (let i = 0; i < runs; i++) expect(await wf.run()).toBe(2);
    const byTrace = new Map<string, string[]>();
    for (const span of exporter.getFinishedSpans()) {
      const names = byTrace.get(span.spanContext().traceId) ?? [];
      names.push(span.name);
      byTrace.set(span.spanContext().traceId, names);
    }
    // 40 runs at 50%: all or none sampled would be a 2 × 0.5^40 chance
    expect(byTrace.size).toBeGreaterThan(0);
    expect(byTrace.size).toBeLessThan(runs);
    for (const names of byTrace.values()) {
      expect(names.sort()).toEqual(["inner call", "invoke_workflow Sampled", "step first", "step second"]);
    }
  });
});
