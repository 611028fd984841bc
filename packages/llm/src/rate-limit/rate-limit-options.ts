import type { Clock } from "./clock.js";
import type { RateLimiter } from "./rate-limiter.js";

/** Limits for the calls made through one LLM (or one shared `RateLimiter`). */
export interface RateLimitOptions {
  /** Calls started per minute, spread evenly (300 a minute: one every 200 ms). */
  requestsPerMinute?: number;
  /**
   * Tokens per minute, estimated before a call (characters / 4 plus `maxTokens`) and corrected from its usage after;
   * a call's tokens delay the next call as long as the rate says.
   */
  tokensPerMinute?: number;
  /** Calls in flight at once (a stream counts until it ends). */
  maxConcurrent?: number;
  /** For tests: a simulated clock. */
  clock?: Clock;
}

/** Options for a limiter of the LLM's own, or a `RateLimiter` shared by several LLMs (one API key, two models). */
export type RateLimit = RateLimitOptions | RateLimiter;
