/**
 * A bucket refilled continuously at `perMinute / 60_000` per millisecond, holding at most one second's worth.
 * A take larger than the bucket waits for a full bucket and leaves it in debt, so the average rate still holds.
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #perMs: number;
  #level: number;
  #updatedAt: number;

  constructor(perMinute: number, now: number) {
    this.#perMs = perMinute / 60_000;
    this.#capacity = Math.max(1, perMinute / 60);
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
