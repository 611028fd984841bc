import type { TracingHandle } from "@weft/otel";

/**
 * Exports spans over OTLP when an endpoint is configured (Jaeger, Phoenix, a collector); otherwise traces nothing.
 * The SDK is loaded only then, so a run without tracing starts faster.
 */
export async function startTracing(): Promise<TracingHandle | undefined> {
  const endpoint = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return undefined;
  const { registerTracing } = await import("@weft/otel");
  return registerTracing({ serviceName: "weft-example-hitl" });
}
