import { bindStepSignal, combineSignals } from "@weft/core";

/** For each method of a resource, the position of its options argument (the one that may carry `signal`). */
export type SignalArgs = Readonly<Record<string, number>>;

/**
 * A view of `target` whose listed methods also stop on `signal`, combined with any `signal` their caller passes.
 * Everything else reads through to `target`, with methods bound to it so private fields keep working, and
 * `instanceof` still holds. A Proxy rather than a copy: adapters keep state (clients, a rate limiter, `MockLLM.calls`)
 * that every view must share with the resource it came from.
 */
export function signalView<T extends object>(target: T, signal: AbortSignal, methods: SignalArgs): T {
  const functions = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(resource, key) {
      if (key === bindStepSignal) {
        return (next: AbortSignal) => signalView(resource, combineSignals(signal, next)!, methods);
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
              args[at] = withSignal(args[at], signal);
              return value.apply(resource, args);
            };
      functions.set(key, fn);
      return fn;
    },
  });
}

function withSignal(options: unknown, signal: AbortSignal): unknown {
  if (options === undefined || options === null) return { signal };
  // Anything else is the method's to refuse with its own clear error.
  if (typeof options !== "object") return options;
  return { ...options, signal: combineSignals(signal, (options as { signal?: AbortSignal }).signal) };
}
