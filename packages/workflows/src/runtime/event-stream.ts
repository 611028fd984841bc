import type { Event } from "../events/event.js";

/** One event of a run's stream, with its sequence number: 1, 2, … per run. */
export interface StreamEntry<E extends Event = Event> {
  readonly seq: number;
  readonly event: E;
}

/** A reader's place in the log: the sequence number of the last entry it took. */
interface Cursor {
  at: number;
}

/**
 * The run's output stream, kept as a log: every event written gets the next sequence number and stays for as long as
 * the run is kept, so any number of readers can read it, from any point, also after the run ended. `reader()` keeps
 * the old meaning of `streamEvents()`: one cursor shared by its readers, so breaking out of a loop and reading again
 * continues where it stopped.
 */
export class EventStream {
  private readonly log: Event[] = [];
  /** Readers waiting for the next entry or for the end. */
  private wakers: Array<() => void> = [];
  private closed = false;
  private failure: { error: unknown } | undefined;
  private readonly shared: Cursor = { at: 0 };

  push(event: Event): void {
    if (this.closed) return;
    this.log.push(event);
    this.wake();
  }

  /** Ends the stream; with an error, readers get it after the entries. */
  close(failure?: { error: unknown }): void {
    if (this.closed) return;
    this.closed = true;
    this.failure = failure;
    this.wake();
  }

  /** The entries written so far. */
  get length(): number {
    return this.log.length;
  }

  private wake(): void {
    if (this.wakers.length === 0) return;
    const wakers = this.wakers;
    this.wakers = [];
    for (let i = 0; i < wakers.length; i++) wakers[i]();
  }

  private next(cursor: Cursor): Promise<IteratorResult<StreamEntry>> {
    if (cursor.at < this.log.length) {
      const seq = ++cursor.at;
      return Promise.resolve({ value: { seq, event: this.log[seq - 1] }, done: false });
    }
    if (this.closed) return this.failure ? Promise.reject(this.failure.error) : Promise.resolve({ value: undefined, done: true });
    return new Promise<void>((resolve) => this.wakers.push(resolve)).then(() => this.next(cursor));
  }

  private iterate<T>(cursor: Cursor, map: (entry: StreamEntry) => T): AsyncIterableIterator<T> {
    let stopped = false;
    const iterator: AsyncIterableIterator<T> = {
      next: () =>
        stopped
          ? Promise.resolve({ value: undefined, done: true })
          : this.next(cursor).then((r) => (r.done ? r : { value: map(r.value), done: false })),
      // a `break` stops this reader only, never the run
      return: () => {
        stopped = true;
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** The events from the shared cursor on. */
  reader(): AsyncIterableIterator<Event> {
    return this.iterate(this.shared, (entry) => entry.event);
  }

  /** The events with sequence numbers above `after`, read with a cursor of its own. */
  events(after: number): AsyncIterableIterator<Event> {
    return this.iterate({ at: after }, (entry) => entry.event);
  }

  /** The entries with sequence numbers above `after` (0: from the first), read with a cursor of its own. */
  entries(after = 0): AsyncIterableIterator<StreamEntry> {
    return this.iterate({ at: after }, (entry) => entry);
  }
}

/** Checks an `after` option: a whole number >= 0. */
export function checkAfter(after: unknown, where: string): number {
  if (after === undefined) return 0;
  if (typeof after !== "number" || !Number.isInteger(after) || after < 0) {
    throw new TypeError(`${where}: "after" must be a whole number >= 0 (a sequence number), got ${String(after)}`);
  }
  return after;
}
