import type { Event } from "../events/event.js";

interface Settlers {
  resolve(event: Event): void;
  reject(error: unknown): void;
}

/**
 * The promises of one run's `waitForEvent` calls in progress, by waiter id. The reducer decides which wait an event
 * answers, and when one times out or ends; these only carry the outcome to whoever awaits it.
 */
export class WaitPromises {
  private readonly settlers = new Map<string, Settlers>();

  /** The promise of wait `id` (never unhandled: a wait nobody awaits any more may still be rejected). */
  open<E extends Event>(id: string): Promise<E> {
    const promise = new Promise<E>((resolve, reject) => {
      this.settlers.set(id, { resolve: resolve as (event: Event) => void, reject });
    });
    promise.catch(() => undefined);
    return promise;
  }

  resolve(id: string, event: Event): void {
    this.take(id)?.resolve(event);
  }

  reject(id: string, error: unknown): void {
    this.take(id)?.reject(error);
  }

  private take(id: string): Settlers | undefined {
    const settlers = this.settlers.get(id);
    if (settlers) this.settlers.delete(id);
    return settlers;
  }
}
