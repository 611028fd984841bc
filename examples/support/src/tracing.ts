import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { registerTracing } from "@weft/otel";
import { traceReport } from "./trace-report.js";

export interface ExampleTracing {
  /** The OTLP URL spans are also sent to, when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  readonly exportingTo: string | undefined;
  /** The spans finished so far as a report (see `traceReport`); forgets them, so the next call shows only what came after. */
  takeReport(options?: { verbose?: boolean }): Promise<string>;
  shutdown(): Promise<void>;
}

/** Keeps the process's spans in memory to print as a tree, and exports them over OTLP when an endpoint is set. */
export function startTracing(serviceName: string): ExampleTracing {
  const memory = new InMemorySpanExporter();
  const otlp = Boolean(process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const handle = registerTracing({
    serviceName,
    exporter: otlp ? "otlp" : "none",
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  return {
    exportingTo: handle.endpoint,
    async takeReport(options) {
      // Ended spans can still be on their way to the exporter (they wait for the SDK's resource detection).
      await handle.forceFlush();
      const tree = traceReport(memory.getFinishedSpans(), options);
      memory.reset();
      return tree;
    },
    shutdown: () => handle.shutdown(),
  };
}
