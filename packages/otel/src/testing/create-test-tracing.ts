import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { globalTracesGoTo, routeGlobalTracesTo } from "../global/route-global-traces.js";

export interface TestTracing {
  /** Every span that has ended since creation or the last `reset()`, in the order they ended. */
  spans(): ReadableSpan[];
  /** Forgets the spans collected so far (e.g. in `beforeEach`). */
  reset(): void;
  /** Stops collecting: spans started afterwards are not recorded; those collected stay in `spans()`. */
  shutdown(): Promise<void>;
  readonly provider: TracerProvider;
}

function useAsyncLocalStorage(): void {
  // The context API has no cached proxies: replacing the manager is safe, and makes sure it is ALS.
  context.disable();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

/**
 * Collects spans in memory for assertions (see `expectTrace`), through the global API exactly as
 * `registerTracing` would, with an AsyncLocalStorage context manager so spans nest across awaits. Call
 * it per test: each call starts a fresh collection, and tracers that libraries created at import time
 * keep working across calls.
 */
export function createTestTracing(): TestTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  useAsyncLocalStorage();
  routeGlobalTracesTo(provider);
  // The in-memory exporter forgets everything when shut down; what was collected stays readable.
  let kept: ReadableSpan[] | undefined;
  return {
    provider,
    spans: () => [...(kept ?? exporter.getFinishedSpans())],
    reset: () => {
      exporter.reset();
      if (kept) kept = [];
    },
    async shutdown() {
      if (kept) return;
      if (globalTracesGoTo(provider)) routeGlobalTracesTo(undefined);
      await provider.forceFlush();
      kept = [...exporter.getFinishedSpans()];
      await provider.shutdown();
    },
  };
}
