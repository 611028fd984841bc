import { StoreBusyError } from "../errors/store-busy-error.js";

/**
 * Runs `attempt` until it stops failing with a "busy" error, waiting a little longer each time
 * (with jitter, so waiting writers do not retry in lockstep) without blocking the event loop.
 * An abort of `signal` ends the wait at once with the signal's reason; `attempt` itself is never cut
 * short, so what it writes is all or nothing.
 */
export async function retryBusy<T>(
  attempt: () => T,
  isBusy: (error: unknown) => boolean,
  timeoutMs: number,
  describe: (waitedMs: number) => string,
  signal?: AbortSignal,
): Promise<T> {
  const start = Date.now();
  for (let tries = 0; ; tries++) {
    signal?.throwIfAborted();
    try {
      return attempt();
    } catch (error) {
      if (!isBusy(error)) throw error;
      const waited = Date.now() - start;
      if (waited >= timeoutMs) throw new StoreBusyError(describe(waited), { cause: error });
      await pause(Math.min(2 ** Math.min(tries, 6), 50) * (0.5 + Math.random()), signal);
    }
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise((resolve) => setTimeout(resolve, ms));
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", stop);
      resolve();
    }, ms);
    signal.addEventListener("abort", stop, { once: true });
  });
}
