import {
  ProxyTracerProvider,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerOptions,
  type TracerProvider,
} from "@opentelemetry/api";

const idle = new ProxyTracerProvider(); // without a delegate it hands out no-op tracers

class SwitchingTracer implements Tracer {
  constructor(
    private readonly owner: SwitchingTracerProvider,
    private readonly name: string,
    private readonly version: string | undefined,
    private readonly options: TracerOptions | undefined,
  ) {}

  private target(): Tracer {
    return (this.owner.current ?? idle).getTracer(this.name, this.version, this.options);
  }

  startSpan(name: string, options?: SpanOptions, context?: Context): Span {
    return this.target().startSpan(name, options, context);
  }

  startActiveSpan: Tracer["startActiveSpan"] = (...args: unknown[]) => {
    const tracer = this.target();
    return Reflect.apply(tracer.startActiveSpan, tracer, args) as never;
  };
}

/**
 * The API hands out proxy tracers that bind for good to the first provider they see, and
 * `trace.disable()` orphans every tracer a library created at import time (the engine takes its tracer
 * at import). So this provider is registered once per process and Weft swaps what it forwards to:
 * tracing can be registered, shut down and registered again, and each test can collect its own spans.
 */
export class SwitchingTracerProvider implements TracerProvider {
  current: TracerProvider | undefined;

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    return new SwitchingTracer(this, name, version, options);
  }
}
