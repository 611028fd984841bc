/**
 * Wakes the readers of a run's stream when something changed (a new entry, a new status). Readers re-read the store
 * after each wake-up, so a missed or spurious wake-up costs a query, never an entry.
 */
export class EntryFeed {
  private readonly sleepers = new Map<string, Set<() => void>>();

  /** Resolves on the next `notify(handlerId)`, after `ms`, or when `signal` aborts — whichever comes first. */
  wait(handlerId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.sleepers.get(handlerId);
      if (!set) this.sleepers.set(handlerId, (set = new Set()));
      const wake = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", wake);
        const current = this.sleepers.get(handlerId);
        current?.delete(wake);
        if (current?.size === 0) this.sleepers.delete(handlerId);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      signal?.addEventListener("abort", wake, { once: true });
      set.add(wake);
    });
  }

  notify(handlerId: string): void {
    const set = this.sleepers.get(handlerId);
    if (set) for (const wake of [...set]) wake();
  }

  /** Wakes every reader (the server is closing). */
  notifyAll(): void {
    for (const id of [...this.sleepers.keys()]) this.notify(id);
  }
}
