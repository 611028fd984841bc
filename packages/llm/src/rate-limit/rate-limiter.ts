import { abortedError } from "../core/abortable-delay.js";
import { systemClock, type Clock } from "./clock.js";
import type { RateLimitOptions } from "./rate-limit-options.js";
import { TokenBucket } from "./token-bucket.js";

/** A call's place under the limits, held until it ends. */
export interface RateLimitPermit {
  /** How long the call waited for its turn, in milliseconds. */
  readonly waitedMs: number;
  /** Ends the call: frees its concurrency slot and corrects the token estimate with `usedTokens` when known. */
  release(usedTokens?: number): void;
}

interface Waiter {
  tokens: number;
  since: number;
  resolve(permit: RateLimitPermit): void;
}

/**
 * Requests per minute, tokens per minute and concurrency for every call through one LLM resource, whichever step or
 * run makes it. Calls wait in one queue, first come first served; a waiting call leaves the queue when its signal
 * aborts; `pause` (a provider's `Retry-After`) holds back every call, not just the one that was refused.
 */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #requests: TokenBucket | undefined;
  readonly #tokens: TokenBucket | undefined;
  readonly #maxConcurrent: number;
  readonly #queue: Waiter[] = [];
  #inFlight = 0;
  #pausedUntil = -Infinity;
  #timer: unknown;
  #timerAt = Infinity;

  constructor(options: RateLimitOptions) {
    if (typeof options !== "object" || options === null) throw new TypeError("rateLimit must be an object, e.g. { requestsPerMinute: 300 }");
    const { requestsPerMinute, tokensPerMinute, maxConcurrent } = options;
    check("requestsPerMinute", requestsPerMinute);
    check("tokensPerMinute", tokensPerMinute);
    check("maxConcurrent", maxConcurrent);
    if (maxConcurrent !== undefined && !Number.isInteger(maxConcurrent)) {
      throw new TypeError(`rateLimit.maxConcurrent must be a whole number (got ${maxConcurrent})`);
    }
    this.#clock = options.clock ?? systemClock;
    const now = this.#clock.now();
    this.#requests = requestsPerMinute === undefined ? undefined : new TokenBucket(requestsPerMinute, now);
    this.#tokens = tokensPerMinute === undefined ? undefined : new TokenBucket(tokensPerMinute, now);
    this.#maxConcurrent = maxConcurrent ?? Infinity;
  }

  /** Whether calls need a token estimate (only with `tokensPerMinute`). */
  get countsTokens(): boolean {
    return this.#tokens !== undefined;
  }

  /** Calls waiting for their turn. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** A permit at once when nobody waits and the limits allow it; undefined otherwise. Never waits. */
  tryAcquire(tokens: number): RateLimitPermit | undefined {
    if (this.#queue.length > 0) return undefined;
    const now = this.#clock.now();
    return this.#admit(tokens, now, now);
  }

  /**
   * Waits for a turn; rejects with an `aborted` LLMError (naming `provider`) and leaves the queue when `signal`
   * aborts.
   */
  acquire(tokens: number, signal?: AbortSignal, provider = "rate-limiter"): Promise<RateLimitPermit> {
    if (signal?.aborted) return Promise.reject(abortedError(provider));
    const now = this.#clock.now();
    const immediate = this.#queue.length === 0 ? this.#admit(tokens, now, now) : undefined;
    if (immediate) return Promise.resolve(immediate);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        tokens,
        since: now,
        resolve: (permit) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(permit);
        },
      };
      const onAbort = () => {
        const at = this.#queue.indexOf(waiter);
        if (at < 0) return;
        this.#queue.splice(at, 1);
        reject(abortedError(provider));
        this.#pump();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  /** Holds every call back for `ms` (a provider's `Retry-After`); a longer pause already running is kept. */
  pause(ms: number): void {
    if (!(ms > 0)) return;
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + ms);
    this.#pump();
  }

  /** Admits the call when every limit allows it now (it waited since `since`); undefined otherwise. */
  #admit(tokens: number, now: number, since: number): RateLimitPermit | undefined {
    if (this.#waitFor(tokens, now) !== 0) return undefined;
    this.#requests?.take(1);
    this.#tokens?.take(tokens);
    this.#inFlight += 1;
    let released = false;
    return {
      waitedMs: now - since,
      release: (usedTokens) => {
        if (released) return;
        released = true;
        this.#inFlight -= 1;
        if (usedTokens !== undefined && Number.isFinite(usedTokens)) this.#tokens?.adjust(tokens - usedTokens);
        if (this.#queue.length > 0) this.#pump();
      },
    };
  }

  /** 0 when a call of `tokens` may start now; Infinity while every slot is taken; else milliseconds to wait. */
  #waitFor(tokens: number, now: number): number {
    if (this.#inFlight >= this.#maxConcurrent) return Infinity;
    return Math.max(this.#pausedUntil - now, this.#requests?.waitFor(1, now) ?? 0, this.#tokens?.waitFor(tokens, now) ?? 0, 0);
  }

  /** Lets waiting calls in, in order, while the limits allow; then sleeps until the head's turn may have come. */
  #pump(): void {
    const now = this.#clock.now();
    while (this.#queue.length > 0) {
      const head = this.#queue[0]!;
      const permit = this.#admit(head.tokens, now, head.since);
      if (!permit) break;
      this.#queue.shift();
      head.resolve(permit);
    }
    const head = this.#queue[0];
    const wait = head ? this.#waitFor(head.tokens, now) : Infinity;
    // Waiting on a free slot needs no timer: the release that frees it pumps.
    this.#schedule(Number.isFinite(wait) ? now + Math.ceil(wait) : Infinity);
  }

  #schedule(at: number): void {
    if (at === this.#timerAt) return;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = at;
    if (at === Infinity) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      this.#pump();
    }, Math.max(0, at - this.#clock.now()));
  }
}

function check(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`rateLimit.${name} must be a positive number (got ${JSON.stringify(value)})`);
  }
}
