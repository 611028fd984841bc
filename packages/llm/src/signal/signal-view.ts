import { bindStepScope, bindStepSignal, combineSignals, type StepDurable, type StepScope } from "@weft/core";
import { withStepDurable } from "../durable/step-durable-option.js";

/** For each method of a resource, the position of its options argument (the one that may carry `signal`). */
export type SignalArgs = Readonly<Record<string, number>>;

/**
 * A view of `target` whose listed methods also stop on `signal`, combined with any `signal` their caller passes, and
 * with `durable` (a journaled step's durable calls, for an LLM) also hand those on in their options. Everything
 * else reads through to `target`, with methods bound to it so private fields keep working, and `instanceof` still
 * holds. A Proxy rather than a copy: adapters keep state (clients, a rate limiter, `MockLLM.calls`) that every view
 * must share with the resource it came from.
 */
export function signalView<T extends object>(target: T, signal: AbortSignal, methods: SignalArgs, durable?: StepDurable): T {
  const functions = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(resource, key) {
      if (key === bindStepSignal) {
        return (next: AbortSignal) => signalView(resource, combineSignals(signal, next)!, methods, durable);
      }
      // only for a resource that takes part in the scope protocol itself (an LLM, not a tool)
      if (key === bindStepScope && bindStepScope in resource) {
        return (scope: StepScope) => signalView(resource, combineSignals(signal, scope.signal)!, methods, scope.durable);
      }
      const cached = functions.get(key);
      if (cached !== undefined) return cached;
      const value: unknown = Reflect.get(resource, key, resource);
      if (typeof value !== "function") return value;
      const at = typeof key === "string" ? methods[key] : undefined;
      const fn =
        at === undefined
          ? value.bind(resource)
          : (...args: unknown[]) => {
              args[at] = withSignal(args[at], signal, durable);
              return value.apply(resource, args);
            };
      functions.set(key, fn);
      return fn;
    },
  });
}

function withSignal(options: unknown, signal: AbortSignal, durable: StepDurable | undefined): unknown {
  if (options === undefined || options === null) return durable ? withStepDurable({ signal }, durable) : { signal };
  // Anything else is the method's to refuse with its own clear error.
  if (typeof options !== "object") return options;
  const bound = { ...options, signal: combineSignals(signal, (options as { signal?: AbortSignal }).signal) };
  return durable ? withStepDurable(bound, durable) : bound;
}
