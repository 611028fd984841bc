import { ProxyTracerProvider, trace, type Tracer } from "@opentelemetry/api";

/**
 * The tracer of the registered provider, looked up at each use (a provider registered after the server started still
 * gets its spans); undefined when none is registered, so untraced work can skip what only a span would need.
 */
export function registeredTracer(name: string): Tracer | undefined {
  const provider = trace.getTracerProvider();
  if (provider instanceof ProxyTracerProvider) return provider.getDelegateTracer(name);
  return provider.getTracer(name);
}
