import type { StreamEntry } from "../store/run-store.js";

/**
 * The last stream entries of a live run that are in the store, kept in memory: its readers (1,000 on one run, say)
 * take new entries from here instead of each querying the store, and all get the same objects, so a frame is
 * encoded once for all of them. Entries are added only once their write has succeeded, in seq order.
 */
export class StoredTail {
  private entries: StreamEntry[] = [];

  constructor(private readonly capacity = 256) {}

  add(entries: readonly StreamEntry[]): void {
    if (entries.length === 0) return;
    this.entries.push(...entries);
    if (this.entries.length > this.capacity) this.entries = this.entries.slice(-this.capacity);
  }

  /** Entries with `seq > after`, at most `limit`; undefined when the tail does not reach back that far (ask the store). */
  after(after: number, limit: number): StreamEntry[] | undefined {
    const first = this.entries[0];
    if (!first || after + 1 < first.seq) return undefined;
    const start = after + 1 - first.seq;
    return this.entries.slice(start, start + limit);
  }

  /** The highest seq stored, when any entry was added. */
  get lastSeq(): number | undefined {
    return this.entries.at(-1)?.seq;
  }
}
