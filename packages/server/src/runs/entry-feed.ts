/** A wake-up armed before a reader looks at the store, so a change between its look and its wait is not missed. */
export interface Alarm {
  /** Resolves on the next `notify` of the run, or after the timeout, or on `disarm`. */
  readonly woken: Promise<void>;
  disarm(): void;
}

/**
 * Wakes the readers of a run's stream when something changed (a new entry, a new status). Readers re-read the store
 * after each wake-up, so a spurious wake-up costs a query, never an entry.
 */
export class EntryFeed {
  private readonly sleepers = new Map<string, Set<() => void>>();
  /**
   * The wake-ups armed with each signal, behind one abort listener per signal: a stream reader arms once per entry
   * batch, and adding and removing an EventTarget listener each time cost more than the rest of its wake-up.
   */
  private readonly aborts = new WeakMap<AbortSignal, Set<() => void>>();

  /** Arms a wake-up for `handlerId`: arm first, then read the store, then await `woken`. */
  arm(handlerId: string, ms: number, signal?: AbortSignal): Alarm {
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => {
      let set = this.sleepers.get(handlerId);
      if (!set) this.sleepers.set(handlerId, (set = new Set()));
      const onAbort = signal && this.abortSet(signal);
      wake = () => {
        clearTimeout(timer);
        onAbort?.delete(wake);
        const current = this.sleepers.get(handlerId);
        current?.delete(wake);
        if (current?.size === 0) this.sleepers.delete(handlerId);
        resolve();
      };
      set.add(wake);
      const timer = setTimeout(wake, ms);
      if (signal?.aborted) wake();
      else onAbort?.add(wake);
    });
    return { woken, disarm: wake };
  }

  private abortSet(signal: AbortSignal): Set<() => void> {
    let set = this.aborts.get(signal);
    if (!set) {
      const armed = (set = new Set());
      this.aborts.set(signal, armed);
      signal.addEventListener("abort", () => {
        for (const wake of [...armed]) wake();
      }, { once: true });
    }
    return set;
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
