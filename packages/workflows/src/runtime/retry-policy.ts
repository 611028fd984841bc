/** How a failing step is tried again. Delays are in seconds. */
export interface RetryPolicy {
  /** Attempts in all, the first call included. */
  maxAttempts: number;
  /** Delay before the second attempt (seconds). Default 0. */
  delay?: number;
  /** `fixed` waits `delay` each time; `exponential` doubles it each attempt. Default `exponential`. */
  backoff?: "fixed" | "exponential";
  /** Upper bound of one delay (seconds). */
  maxDelay?: number;
  /** Randomizes each delay: `true` picks uniformly in [0, delay]; a number in 0..1 is the fraction that may be shaved off. */
  jitter?: boolean | number;
  /**
   * Seconds from the first attempt's start after which no attempt starts: a retry whose delay would end later is not
   * made (tenacity's `stop_after_delay`). Default: no limit.
   */
  maxElapsed?: number;
  /** Which errors retry; default: all. */
  retryOn?: (error: unknown, attempt: number) => boolean;
}

export function checkRetryPolicy(policy: RetryPolicy, where: string): void {
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new TypeError(`${where}: retry.maxAttempts must be an integer >= 1 (got ${policy.maxAttempts})`);
  }
  for (const key of ["delay", "maxDelay", "maxElapsed"] as const) {
    const v = policy[key];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0))) throw new TypeError(`${where}: retry.${key} must be a number of seconds >= 0`);
  }
}

/** Whether a step that failed on `attempt` (1-based) should run again. */
export function shouldRetry(policy: RetryPolicy | undefined, error: unknown, attempt: number): boolean {
  if (!policy || attempt >= policy.maxAttempts) return false;
  return policy.retryOn ? policy.retryOn(error, attempt) : true;
}

/**
 * Whether and when a step that failed on `attempt` runs again: the delay in milliseconds, or null. Taken once per
 * failure, by the executor, so the user's `retryOn` runs once and the decision can be recorded. May throw what
 * `retryOn` throws.
 */
export function decideRetry(policy: RetryPolicy | undefined, error: unknown, attempt: number, elapsedMs: number): { delayMs: number } | null {
  if (!policy || !shouldRetry(policy, error, attempt)) return null;
  const delayMs = retryDelayMs(policy, attempt);
  if (policy.maxElapsed !== undefined && elapsedMs + delayMs > policy.maxElapsed * 1000) return null;
  return { delayMs };
}

/** The wait in milliseconds before attempt `attempt + 1`. `random` is injectable so tests are exact. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const base = policy.delay ?? 0;
  let seconds = policy.backoff === "fixed" ? base : base * 2 ** (attempt - 1);
  if (policy.maxDelay !== undefined) seconds = Math.min(seconds, policy.maxDelay);
  const jitter = policy.jitter === true ? 1 : typeof policy.jitter === "number" ? Math.min(Math.max(policy.jitter, 0), 1) : 0;
  if (jitter > 0) seconds -= seconds * jitter * random();
  return Math.round(seconds * 1000);
}
