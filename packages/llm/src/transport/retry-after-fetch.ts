import { retryAfterMs } from "../errors/retry-after.js";

/**
 * `fetch` for an SDK client whose LLM has a rate limiter: every 429 or 529 answer with a `retry-after` tells the
 * limiter at once, so calls queued behind it wait too while the SDK retries the refused one, instead of each
 * running into the same wall.
 */
export function retryAfterFetch(onRetryAfter: (ms: number) => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.status === 429 || response.status === 529) {
      const ms = retryAfterMs(response.headers);
      if (ms !== undefined) onRetryAfter(ms);
    }
    return response;
  };
}
