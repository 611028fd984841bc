import { context, ROOT_CONTEXT, trace, type Context, type ContextManager, type Tracer, type TracerProvider } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { DropExporter } from "./drop-exporter.js";
import { offTracer } from "./tracing-mode.js";

/** OpenTelemetry's own no-op context manager, written out: the API does not export it. */
const noContexts: ContextManager = {
  active: () => ROOT_CONTEXT,
  with: (_ctx, fn, thisArg, ...args) => fn.call(thisArg, ...args),
  bind: (_ctx, target) => target,
  enable() {
    return this;
  },
  disable() {
    return this;
  },
};

/**
 * Tracing that flips between the `sdk` and `off` modes of `tracing-mode.ts` inside one process, so a W1 traced and
 * untraced is measured side by side in the same heap and JIT state (see traced-pair.ts). One provider and one
 * context manager of the bench's own are registered once; each call goes on to whichever is switched on. Off, the
 * AsyncLocalStorage of the SDK's context manager is disabled too, so its promise hooks cost nothing, as in a process
 * that never registered it.
 *
 * The switch costs one extra call per `startSpan`, `context.with` and `context.active`: with the SDK, Weft and the
 * traced floor make the same number of them, so it cancels out of "Weft's tracing work"; off, Weft makes two per run
 * and the floor none. `switchCostNs` measures it.
 */
export class SwitchedTracing {
  private readonly exporter = new DropExporter();
  private readonly sdkProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(this.exporter)] });
  private readonly als = new AsyncLocalStorageContextManager();
  /** Whether the SDK stands behind the switch now. */
  private on = false;
  private contexts: ContextManager = noContexts;
  private readonly tracers = new Map<string, Tracer>();

  /** Registers the switch as OpenTelemetry's global provider and context manager (once per process), switched off. */
  static register(): SwitchedTracing {
    const switched = new SwitchedTracing();
    context.setGlobalContextManager(switched.contextManager());
    trace.setGlobalTracerProvider(switched.provider());
    return switched;
  }

  /** Switches between the SDK (true) and the never-recording provider with no context manager (false). */
  record(on: boolean): void {
    if (on === this.on) return;
    if (!on) this.als.disable();
    this.on = on;
    this.contexts = on ? this.als : noContexts;
  }

  exported(): number {
    return this.exporter.exported;
  }

  async shutdown(): Promise<void> {
    await this.sdkProvider.forceFlush();
    await this.sdkProvider.shutdown();
  }

  private provider(): TracerProvider {
    return {
      getTracer: (name, version) => {
        const key = `${name}@${version ?? ""}`;
        let tracer = this.tracers.get(key);
        if (tracer === undefined) this.tracers.set(key, (tracer = this.switchingTracer(name, version)));
        return tracer;
      },
    };
  }

  /** A tracer that asks, per call, the tracer of the same name behind the switch (each made once). */
  private switchingTracer(name: string, version: string | undefined): Tracer {
    const sdkTracer = this.sdkProvider.getTracer(name, version);
    const tracerOf = () => (this.on ? sdkTracer : offTracer);
    return {
      startSpan: (spanName, options, ctx) => tracerOf().startSpan(spanName, options, ctx),
      startActiveSpan: ((...args: Parameters<Tracer["startActiveSpan"]>) =>
        (tracerOf().startActiveSpan as (...a: unknown[]) => unknown)(...args)) as Tracer["startActiveSpan"],
    };
  }

  private contextManager(): ContextManager {
    const self = this;
    return {
      active: (): Context => self.contexts.active(),
      with: (ctx, fn, thisArg, ...args) => self.contexts.with(ctx, fn, thisArg, ...args),
      bind: (ctx, target) => self.contexts.bind(ctx, target),
      enable() {
        return this;
      },
      disable() {
        self.als.disable();
        return this;
      },
    };
  }

  /**
   * The switch's own cost per call, in ns: `startSpan` through the switch against the same call on the tracer behind
   * it, switched off (the call itself then costs next to nothing, so what is left is the switch).
   */
  switchCostNs(calls = 1_000_000): number {
    const through = this.provider().getTracer("@weft/bench switch cost", undefined);
    this.record(false);
    const time = (tracer: Tracer): number => {
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) tracer.startSpan("x");
      return performance.now() - t0;
    };
    time(through);
    time(offTracer);
    return ((time(through) - time(offTracer)) * 1e6) / calls;
  }
}
