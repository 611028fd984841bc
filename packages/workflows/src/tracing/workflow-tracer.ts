import { ProxyTracerProvider, trace, type Tracer, type TracerProvider } from "@opentelemetry/api";

const NAME = "@weft/workflows";
const VERSION = "0.1.0";

/** The last answer, and the provider (and, behind the API's proxy, the delegate) it was made for. */
let lastProvider: TracerProvider | undefined;
let lastDelegate: TracerProvider | undefined;
let lastTracer: Tracer | undefined;

/**
 * The tracer of Weft's spans, asked for per run, not once at import: a tracer binds to the provider registered when it
 * was made, so one taken at import would lose every span after the application (or a test) re-registers its provider.
 * Kept while the provider stays the same: asking the SDK's provider again builds a key string and looks it up, per
 * run, to return the same tracer. Undefined when no provider is registered: the API's proxy would hand out a new
 * no-op tracer per call, and its no-op span, to say the same.
 */
export function workflowTracer(): Tracer | undefined {
  const provider = trace.getTracerProvider();
  if (!(provider instanceof ProxyTracerProvider)) {
    if (provider !== lastProvider) remember(provider, undefined, provider.getTracer(NAME, VERSION));
    return lastTracer;
  }
  const delegate = provider.getDelegate();
  if (provider !== lastProvider || delegate !== lastDelegate) remember(provider, delegate, provider.getDelegateTracer(NAME, VERSION));
  return lastTracer;
}

function remember(provider: TracerProvider, delegate: TracerProvider | undefined, tracer: Tracer | undefined): void {
  lastProvider = provider;
  lastDelegate = delegate;
  lastTracer = tracer;
}
