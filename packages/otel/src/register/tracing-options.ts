import type { Attributes } from "@opentelemetry/api";
import type { BatchSpanProcessorOptions, Sampler, SpanProcessor } from "@opentelemetry/sdk-trace";
import type { ConsoleTreeExporterOptions } from "../console/console-tree-exporter.js";
import type { TracingLogger } from "./tracing-logger.js";

/** Where spans go: an OTLP/HTTP backend, a tree printed per run, or nowhere. */
export type TracingExporterName = "otlp" | "console" | "none";

/** OTLP over HTTP, as protobuf (what every backend accepts) or JSON. */
export type OtlpProtocol = "http/protobuf" | "http/json";

/**
 * Ready-made backends on their default local ports:
 * - `"jaeger"`: OTLP/HTTP protobuf on http://localhost:4318/v1/traces
 * - `"phoenix"`: OTLP/HTTP protobuf on http://localhost:6006/v1/traces (Phoenix rejects JSON)
 */
export type TracingPreset = "jaeger" | "phoenix";

export interface RegisterTracingOptions {
  /** `service.name` of the resource. Default: `OTEL_SERVICE_NAME`, else OpenTelemetry's `unknown_service:node`. */
  serviceName?: string;
  /** Default: `"otlp"` with a preset, else `OTEL_TRACES_EXPORTER` (a comma list is honoured), else `"otlp"`. */
  exporter?: TracingExporterName;
  /**
   * The OTLP/HTTP traces URL. A bare origin such as `http://collector:4318` gets `/v1/traces` appended.
   * Default: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, the
   * preset's URL (Phoenix: `PHOENIX_COLLECTOR_ENDPOINT` first), else http://localhost:4318/v1/traces.
   */
  endpoint?: string;
  /** Default: the preset's, else `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` / `OTEL_EXPORTER_OTLP_PROTOCOL`, else protobuf. */
  protocol?: OtlpProtocol;
  /** Extra HTTP headers for the backend, on top of `OTEL_EXPORTER_OTLP_(TRACES_)HEADERS`. */
  headers?: Record<string, string>;
  /** A backend on its default local port; explicit options and the OTLP endpoint variables win over it. */
  preset?: TracingPreset;
  /** Phoenix project (resource attribute `openinference.project.name`). Default: `PHOENIX_PROJECT_NAME`. */
  projectName?: string;
  /** More resource attributes (`deployment.environment.name`, …). `OTEL_RESOURCE_ATTRIBUTES` is read too. */
  resourceAttributes?: Attributes;
  /** Default: `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`, else parent-based always-on. */
  sampler?: Sampler;
  /** Give up on one export request after this long. Default: `OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT`, else 10 s. */
  timeoutMillis?: number;
  /**
   * Batching of OTLP export. Defaults: `OTEL_BSP_*` variables, else a batch of up to 512 spans every
   * 5 s, at most 2048 queued (spans beyond that are dropped, never waited for).
   */
  batch?: Omit<BatchSpanProcessorOptions, "exporter">;
  /** Processors added next to the exporter's (your own exporter, an in-memory one in tests, …). */
  spanProcessors?: SpanProcessor[];
  /** Receives the one warning per export outage (pino works as is). Default: a line on standard error. */
  logger?: TracingLogger;
  /** Options of the console tree exporter. */
  console?: ConsoleTreeExporterOptions;
}

/** What `registerTracing` returns. */
export interface TracingHandle {
  /** Whether an SDK was registered (false under `OTEL_SDK_DISABLED=true`). */
  readonly enabled: boolean;
  /** The OTLP URL spans are sent to, when exporting over OTLP. */
  readonly endpoint: string | undefined;
  /** The OTLP protocol, when exporting over OTLP. */
  readonly protocol: OtlpProtocol | undefined;
  /** Sends every finished span now. Never rejects: export failures are logged. */
  forceFlush(): Promise<void>;
  /** Flushes, stops exporting and unregisters the global tracer provider. Never rejects. */
  shutdown(): Promise<void>;
}
