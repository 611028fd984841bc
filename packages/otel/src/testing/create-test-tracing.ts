import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from "@opentelemetry/sdk-trace-base";

export interface TestTracing {
  /** Every span that has ended since creation or the last `reset()`, in the order they ended. */
  spans(): ReadableSpan[];
  /** Forgets the spans collected so far (e.g. in `beforeEach`). */
  reset(): void;
  /** Unregisters the global tracer provider and context manager. */
  shutdown(): Promise<void>;
  readonly provider: BasicTracerProvider;
}

/**
 * Registers a global tracer provider that keeps spans in memory, with an AsyncLocalStorage context
 * manager so spans nest across awaits exactly as with `registerTracing`. Meant for tests: it replaces
 * whatever provider was registered before, and `shutdown()` leaves the process with none.
 */
export function createTestTracing(): TestTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  // The API refuses a second global registration; a test suite needs a fresh one each time.
  trace.disable();
  context.disable();
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(contextManager);
  let closed = false;
  return {
    provider,
    spans: () => [...exporter.getFinishedSpans()],
    reset: () => exporter.reset(),
    async shutdown() {
      if (closed) return;
      closed = true;
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
