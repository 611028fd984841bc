import type { Clock } from "../../src/index.js";

/** A simulated clock: time moves only when a timer is run, so minutes of rate limiting pass at once. */
export class FakeClock implements Clock {
  #now = 0;
  #nextId = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Moves time to the earliest timer and runs it; false when none is set. */
  runNext(): boolean {
    let next: [number, { at: number; callback: () => void }] | undefined;
    for (const entry of this.#timers) if (!next || entry[1].at < next[1].at) next = entry;
    if (!next) return false;
    this.#timers.delete(next[0]);
    this.#now = Math.max(this.#now, next[1].at);
    next[1].callback();
    return true;
  }

  /** Runs timers (and the promise jobs they start) until `work` settles; fails when it waits on nothing. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const tracked = work.finally(() => (settled = true));
    tracked.catch(() => undefined);
    while (true) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return tracked;
      if (!this.runNext()) {
        await new Promise((resolve) => setImmediate(resolve));
        if (settled) return tracked;
        throw new Error(`FakeClock: the work waits on no timer at ${this.#now} ms`);
      }
    }
  }
}
