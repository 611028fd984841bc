// The application's own OpenTelemetry (whichever line it installed) sees Weft's spans, and its own span
// started in a step is a child of the step span.
import assert from "node:assert/strict";
import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace";
import { StartEvent, StopEvent, Workflow } from "@weft/workflows";
import { registerTracing } from "@weft/otel";

const exporter = new InMemorySpanExporter();
const tracing = registerTracing({ serviceName: "outside-app", exporter: "none", spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const tracer = trace.getTracer("outside-app");
let activeInStep;
const flow = new Workflow({ name: "Traced" }).step("work", { accepts: [StartEvent], returns: [StopEvent] }, async () => {
  activeInStep = trace.getActiveSpan();
  return tracer.startActiveSpan("user work", (span) => {
    span.end();
    return new StopEvent({ result: "done" });
  });
});
assert.equal(await flow.run(), "done");
await tracing.forceFlush();
const spans = exporter.getFinishedSpans(); // before shutdown, which empties the in-memory exporter
await tracing.shutdown();

const names = spans.map((s) => s.name);
const step = spans.find((s) => s.name === "step work");
const mine = spans.find((s) => s.name === "user work");
assert.ok(step, `no step span among ${JSON.stringify(names)}`);
assert.ok(mine, `the app's own span was dropped; spans: ${JSON.stringify(names)}`);
assert.ok(activeInStep, "trace.getActiveSpan() is undefined in a step");
const parentId = mine.parentSpanContext?.spanId ?? mine.parentSpanId;
assert.equal(parentId, step.spanContext().spanId, "the app's span is not a child of the step span");
assert.equal(mine.spanContext().traceId, step.spanContext().traceId);
console.log(`tracing: ok (${spans.length} spans, the app's span under "${step.name}")`);
