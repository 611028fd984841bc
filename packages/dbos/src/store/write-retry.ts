import { isTransient } from "./transient-errors.js";

export interface WriteRetryOptions {
  /** First pause after a transient failure (ms); doubled each time up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Give up once a write has failed for this long (ms): the error then fails the run. */
  giveUpAfterMs: number;
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const defaultWriteRetry: WriteRetryOptions = {
  firstDelayMs: 50,
  maxDelayMs: 2000,
  giveUpAfterMs: 60_000,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Runs `write` until it succeeds, pausing with capped exponential backoff after each transient PostgreSQL failure
 * (connection refused or reset, server shut down, serialization failure). Any other failure, or a transient one that
 * lasts past `giveUpAfterMs`, is thrown. `write` is told whether an earlier attempt may have committed already (its
 * connection broke after sending), so it can recognise its own work instead of taking it for a conflict.
 */
export async function withWriteRetry<T>(write: (retried: boolean) => Promise<T>, options: WriteRetryOptions = defaultWriteRetry): Promise<T> {
  const started = options.now();
  let delay = options.firstDelayMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await write(attempt > 0);
    } catch (error) {
      if (!isTransient(error) || options.now() - started + delay > options.giveUpAfterMs) {
        if (attempt > 0 && error instanceof Error) error.message += ` (after ${attempt + 1} attempts over ${options.now() - started} ms)`;
        throw error;
      }
      await options.sleep(delay);
      delay = Math.min(delay * 2, options.maxDelayMs);
    }
  }
}
