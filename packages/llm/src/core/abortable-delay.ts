import { LLMError } from "../errors/llm-error.js";

export function abortedError(provider: string): LLMError {
  return new LLMError("the call was aborted", { kind: "aborted", provider });
}

/** Waits `ms`, rejecting with an `aborted` LLMError as soon as `signal` aborts. */
export function abortableDelay(ms: number, signal: AbortSignal | undefined, provider: string): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(provider));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(provider));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
