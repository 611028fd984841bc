import { ProxyTracerProvider, trace, type TracerProvider } from "@opentelemetry/api";
import { SwitchingTracerProvider } from "./switching-tracer-provider.js";

// One per process, even when both the ESM and the CJS build of this package are loaded.
const SLOT = Symbol.for("@weft/otel.switching-tracer-provider");
const slots = globalThis as Record<symbol, SwitchingTracerProvider | undefined>;
const switching = (slots[SLOT] ??= new SwitchingTracerProvider());

function globalDelegate(): TracerProvider {
  const global = trace.getTracerProvider();
  return global instanceof ProxyTracerProvider ? global.getDelegate() : global;
}

/** Makes the switching provider the global one (once), so every tracer, early or late, reaches it. */
function install(): void {
  if (globalDelegate() === switching) return;
  if (!trace.setGlobalTracerProvider(switching)) {
    // Another provider was registered by hand: take over. Tracers bound to it stay with it.
    trace.disable();
    trace.setGlobalTracerProvider(switching);
  }
}

/** Sends all global tracing to `provider` from now on (`undefined`: record nothing). */
export function routeGlobalTracesTo(provider: TracerProvider | undefined): void {
  install();
  switching.current = provider;
}

/** Whether global tracing currently goes to `provider`. */
export function globalTracesGoTo(provider: TracerProvider): boolean {
  return switching.current === provider;
}
