import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";

/** Registers an in-memory tracer provider for a test file; call `cleanup` in afterAll. */
export function setupTracing(): { exporter: InMemorySpanExporter; provider: BasicTracerProvider; spans: (name?: string) => ReadableSpan[]; cleanup: () => void } {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  return {
    exporter,
    provider,
    spans: (name) => exporter.getFinishedSpans().filter((s) => name === undefined || s.name === name),
    cleanup: () => {
      trace.disable();
      context.disable();
      void provider.shutdown();
    },
  };
}
