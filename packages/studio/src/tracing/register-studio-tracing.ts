import { registerTracing, type TracingHandle } from "@weft/otel";
import type { Studio } from "../studio/create-studio.js";

/**
 * Registers an OpenTelemetry SDK whose spans go into Studio's store. Spans are exported elsewhere too only when the
 * standard variables ask for it (`OTEL_TRACES_EXPORTER`, `OTEL_EXPORTER_OTLP_ENDPOINT`).
 */
export function registerStudioTracing(studio: Studio, serviceName = "weft-dev"): TracingHandle {
  const env = process.env;
  const exportsToo = Boolean(env.OTEL_TRACES_EXPORTER || env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  return registerTracing({
    serviceName: env.OTEL_SERVICE_NAME ?? serviceName,
    exporter: exportsToo ? undefined : "none",
    spanProcessors: [studio.spanProcessor],
  });
}
