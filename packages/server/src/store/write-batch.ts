/** One write waiting for its batch: the statements to run and who is waiting for the result. */
interface QueuedWrite {
  run: () => unknown;
  resolve: (value: never) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the writes made in one turn of the event loop and commits them in one transaction: every concurrent run's
 * records of that turn share one commit (one WAL append) instead of one each. A write's promise settles only after
 * its commit, so whatever a caller reports after awaiting it is in the store. When the shared transaction fails, each
 * write is retried in a transaction of its own, so one bad write fails alone.
 */
export class WriteBatch {
  private queue: QueuedWrite[] = [];

  constructor(private readonly transaction: (body: () => void) => void) {}

  add<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.commit());
      this.queue.push({ run, resolve: resolve as (value: never) => void, reject });
    });
  }

  /** Commits what is queued now (also called before the database closes). */
  commit(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const results: unknown[] = [];
    try {
      this.transaction(() => {
        for (const write of batch) results.push(write.run());
      });
    } catch {
      for (const write of batch) {
        try {
          let result: unknown;
          this.transaction(() => void (result = write.run()));
          write.resolve(result as never);
        } catch (error) {
          write.reject(error);
        }
      }
      return;
    }
    batch.forEach((write, i) => write.resolve(results[i] as never));
  }
}
