/**
 * A bucket refilled continuously at `perMinute / 60_000` per millisecond that holds one unit: a take waits for a
 * full bucket and leaves it in debt by the rest, so takes are spread evenly and no rolling minute ever holds more
 * than `perMinute` (providers enforce their per-minute limits in shorter slices, so bursts would meet 429s).
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #perMs: number;
  #level: number;
  #updatedAt: number;

  constructor(perMinute: number, now: number) {
    this.#perMs = perMinute / 60_000;
    this.#capacity = 1;
    this.#level = this.#capacity;
    this.#updatedAt = now;
  }

  /** Milliseconds until `amount` can be taken (0: now). */
  waitFor(amount: number, now: number): number {
    this.#refill(now);
    const needed = Math.min(amount, this.#capacity);
    // The epsilon keeps float rounding from turning a due take into a wait of a billionth of a millisecond.
    return this.#level >= needed - 1e-9 ? 0 : (needed - this.#level) / this.#perMs;
  }

  take(amount: number): void {
    this.#level -= amount;
  }

  /** Gives back (or, negative, takes more of) what an estimate got wrong. */
  adjust(amount: number): void {
    this.#level = Math.min(this.#capacity, this.#level + amount);
  }

  #refill(now: number): void {
    if (now <= this.#updatedAt) return;
    this.#level = Math.min(this.#capacity, this.#level + (now - this.#updatedAt) * this.#perMs);
    this.#updatedAt = now;
  }
}
