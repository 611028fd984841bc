import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { W3CTraceContextPropagator } from "@opentelemetry/core";

/** Registers an in-memory tracer provider for one test file; call the returned cleanup in afterAll. */
export function inMemoryTracing(): { provider: BasicTracerProvider; spans(): ReadableSpan[]; reset(): void; cleanup(): void } {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return {
    provider,
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    cleanup: () => {
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
