import { context, INVALID_SPAN_CONTEXT, trace, type Span, type Tracer, type TracerProvider } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from "@opentelemetry/sdk-trace-base";
import { DropExporter } from "./drop-exporter.js";

/**
 * How W1 is traced:
 * - `off`: a tracer provider that hands out one shared non-recording span — tracing switched off at the provider,
 *   the least work OpenTelemetry allows (Weft has no tracing switch of its own: it traces exactly when a provider
 *   records);
 * - `none`: no provider registered at all (the OpenTelemetry API's built-in no-op; what a user gets by default);
 * - `sdk`: the OpenTelemetry SDK registered — BasicTracerProvider, AsyncLocalStorage context manager, a
 *   BatchSpanProcessor to an exporter that drops the spans;
 * - `sampled`: as `sdk`, with one run in ten sampled (`OTEL_TRACES_SAMPLER=parentbased_traceidratio`, arg 0.1);
 * - `verbose`: no provider, `verbose: true` on the workflow, console.log pointed at a no-op sink.
 */
export type TracingMode = "off" | "none" | "sdk" | "sampled" | "verbose";

export const TRACING_MODES: readonly TracingMode[] = ["off", "none", "sdk", "sampled", "verbose"];

const silentSpan: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** A tracer whose every span is the one shared non-recording span. */
export const offTracer: Tracer = {
  startSpan: () => silentSpan,
  startActiveSpan: ((_name: string, ...rest: unknown[]) => {
    const fn = rest[rest.length - 1] as (span: Span) => unknown;
    return fn(silentSpan);
  }) as Tracer["startActiveSpan"],
};

const offProvider: TracerProvider = { getTracer: () => offTracer };

/** Sets up `mode` for this process (once: OpenTelemetry's global provider cannot be swapped reliably). */
export function setUpTracing(mode: TracingMode): { shutdown(): Promise<void>; exported(): number } {
  if (mode === "off") {
    trace.setGlobalTracerProvider(offProvider);
    return { shutdown: async () => {}, exported: () => 0 };
  }
  if (mode === "sdk" || mode === "sampled") {
    const exporter = new DropExporter();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const sampler = mode === "sampled" ? new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1) }) : undefined;
    const provider = new BasicTracerProvider({ sampler, spanProcessors: [new BatchSpanProcessor(exporter)] });
    trace.setGlobalTracerProvider(provider);
    return {
      shutdown: async () => {
        await provider.forceFlush();
        await provider.shutdown();
      },
      exported: () => exporter.exported,
    };
  }
  if (mode === "verbose") console.log = () => {};
  return { shutdown: async () => {}, exported: () => 0 };
}
