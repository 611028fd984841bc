import type { Event } from "../events/event.js";
import { Deque } from "./deque.js";

type Pull = { resolve: (r: IteratorResult<Event>) => void; reject: (e: unknown) => void };

/**
 * The run's output stream. Events wait in a buffer until read, so a late reader loses nothing; every reader shares
 * one cursor, so breaking out of a loop and reading again continues where it stopped.
 */
export class EventStream {
  private readonly buffer = new Deque<Event>();
  private readonly pulls = new Deque<Pull>();
  private closed = false;
  private failure: { error: unknown } | undefined;

  push(event: Event): void {
    if (this.closed) return;
    const pull = this.pulls.shift();
    if (pull) pull.resolve({ value: event, done: false });
    else this.buffer.push(event);
  }

  /** Ends the stream; with an error, readers get it after the buffered events. */
  close(failure?: { error: unknown }): void {
    if (this.closed) return;
    this.closed = true;
    this.failure = failure;
    for (let pull = this.pulls.shift(); pull; pull = this.pulls.shift()) this.settle(pull);
  }

  private settle(pull: Pull): void {
    if (this.failure) pull.reject(this.failure.error);
    else pull.resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<Event>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift()!, done: false });
    return new Promise((resolve, reject) => {
      const pull = { resolve, reject };
      if (this.closed) this.settle(pull);
      else this.pulls.push(pull);
    });
  }

  /** A reader. Its `return()` (a `break`) stops this reader only, never the run. */
  reader(): AsyncIterableIterator<Event> {
    let stopped = false;
    const iterator: AsyncIterableIterator<Event> = {
      next: () => (stopped ? Promise.resolve({ value: undefined, done: true }) : this.next()),
      return: () => {
        stopped = true;
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
