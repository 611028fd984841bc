import { context, propagation } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, getBooleanFromEnv, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter as OTLPJsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OTLPProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { hostname } from "node:os";
import { defaultResource, detectResources, envDetector, processDetector, resourceFromAttributes, type Resource } from "@opentelemetry/resources";
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type SpanProcessor } from "@opentelemetry/sdk-trace";
import { ConsoleTreeExporter } from "../console/console-tree-exporter.js";
import { globalTracesGoTo, routeGlobalTracesTo } from "../global/route-global-traces.js";
import { ExportFailureReporter } from "./export-failure-reporter.js";
import { ReportingSpanExporter } from "./reporting-span-exporter.js";
import { resolveTracingConfig, type OtlpTarget, type ResolvedTracingConfig } from "./resolve-tracing-config.js";
import { samplerFromEnv } from "./sampler-from-env.js";
import { stderrLogger } from "./tracing-logger.js";
import type { RegisterTracingOptions, TracingHandle } from "./tracing-options.js";

let active: TracingHandle | undefined;

/** The service's resource, merged as the Node SDK merges it: defaults, ours, detected (`OTEL_*`), then `serviceName`. */
function tracingResource(options: RegisterTracingOptions, config: ResolvedTracingConfig): Resource {
  // Synchronous detectors only: the host detector reads host.id asynchronously, and span processors hold every
  // export until a resource's async attributes settle — a short run's spans would show up late or not at all.
  const detected = detectResources({ detectors: [envDetector, processDetector] });
  const resource = defaultResource()
    .merge(resourceFromAttributes({ "host.name": hostname(), ...config.resourceAttributes }))
    .merge(detected);
  return options.serviceName === undefined ? resource : resource.merge(resourceFromAttributes({ "service.name": options.serviceName }));
}

function otlpProcessor(target: OtlpTarget, options: RegisterTracingOptions, reporter: ExportFailureReporter): SpanProcessor {
  const config = { url: target.url, headers: target.headers, timeoutMillis: options.timeoutMillis };
  const exporter =
    target.protocol === "http/json" ? new OTLPJsonTraceExporter(config) : new OTLPProtoTraceExporter(config);
  // Batching keeps export off the run's path: ending a span only appends it to a bounded queue.
  return new BatchSpanProcessor({ ...options.batch, exporter: new ReportingSpanExporter(exporter, reporter) });
}

const disabledHandle: TracingHandle = {
  enabled: false,
  endpoint: undefined,
  protocol: undefined,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/**
 * Starts the OpenTelemetry trace SDK (the application's own, 2.x or 3.x): a global tracer provider exporting as configured,
 * an AsyncLocalStorage context manager (so spans nest across awaits) and the W3C propagators.
 * Without options it follows the standard `OTEL_*` variables. Export never throws into the program:
 * failures are logged once per outage, and a dead backend only costs the spans it did not receive.
 *
 * @example
 * const tracing = registerTracing({ preset: "phoenix", projectName: "jokes" });
 * await jokeFlow.run({ topic: "pirates" });
 * await tracing.shutdown();
 */
export function registerTracing(options: RegisterTracingOptions = {}): TracingHandle {
  if (getBooleanFromEnv("OTEL_SDK_DISABLED")) return disabledHandle;
  if (active) {
    throw new Error("registerTracing: tracing is already registered; call shutdown() on the previous handle first");
  }
  const config = resolveTracingConfig(options);
  const sampler = options.sampler ?? samplerFromEnv(); // bad variables throw before anything is set up
  const logger = options.logger ?? stderrLogger;
  const processors: SpanProcessor[] = [];
  const reporter = config.otlp ? new ExportFailureReporter(logger, config.otlp.url) : undefined;
  if (config.otlp && reporter) processors.push(otlpProcessor(config.otlp, options, reporter));
  if (config.exporters.includes("console")) {
    processors.push(new SimpleSpanProcessor({ exporter: new ConsoleTreeExporter(options.console) }));
  }
  processors.push(...(options.spanProcessors ?? []));

  const provider = new TracerProvider({
    resource: tracingResource(options, config),
    sampler,
    spanProcessors: processors,
  });
  // Weft owns these globals while registered: clear the context manager and propagator a previous
  // registration or test left, so AsyncLocalStorage and W3C take their place.
  context.disable();
  propagation.disable();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  routeGlobalTracesTo(provider);

  let notedIncomplete = false;
  const quietly = async (what: string, work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      // An export failure was already reported (once per outage); anything else is noted once, so a
      // dead backend never turns into a log line per flush.
      if (reporter?.isFailing || notedIncomplete) return;
      notedIncomplete = true;
      logger.info({ reason: error instanceof Error ? error.message : String(error) }, `${what} did not complete`);
    }
  };

  let stopped: Promise<void> | undefined;
  const handle: TracingHandle = {
    enabled: true,
    endpoint: config.otlp?.url,
    protocol: config.otlp?.protocol,
    forceFlush: () => quietly("flushing spans", () => Promise.all(processors.map((p) => p.forceFlush()))),
    shutdown: () => {
      stopped ??= quietly("shutting tracing down", () => {
        // Spans started from now on are not recorded; tracers libraries hold stay usable for the next registration.
        if (globalTracesGoTo(provider)) routeGlobalTracesTo(undefined);
        return provider.shutdown();
      }).finally(() => {
        context.disable();
        propagation.disable();
        if (active === handle) active = undefined;
      });
      return stopped;
    },
  };
  active = handle;
  return handle;
}
