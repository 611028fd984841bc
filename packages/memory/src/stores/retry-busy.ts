import { StoreBusyError } from "../errors/store-busy-error.js";

/**
 * Runs `attempt` until it stops failing with a "busy" error, waiting a little longer each time
 * (with jitter, so waiting writers do not retry in lockstep) without blocking the event loop.
 */
export async function retryBusy<T>(
  attempt: () => T,
  isBusy: (error: unknown) => boolean,
  timeoutMs: number,
  describe: (waitedMs: number) => string,
): Promise<T> {
  const start = Date.now();
  for (let tries = 0; ; tries++) {
    try {
      return attempt();
    } catch (error) {
      if (!isBusy(error)) throw error;
      const waited = Date.now() - start;
      if (waited >= timeoutMs) throw new StoreBusyError(describe(waited), { cause: error });
      const delay = Math.min(2 ** Math.min(tries, 6), 50) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
