import { PerformanceObserver } from "node:perf_hooks";

/**
 * The main thread's garbage-collection pauses while it runs, to sum over windows of time afterwards. Node hands the
 * entries over from a timer (a `setImmediate` is too early), so `stop()` waits for one before `within` is asked.
 */
export class GcPauses {
  private readonly pauses: { start: number; ms: number }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.pauses.push({ start: entry.startTime, ms: entry.duration });
  });

  constructor() {
    this.observer.observe({ entryTypes: ["gc"] });
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 10));
    this.observer.disconnect();
  }

  /** Milliseconds of pauses that began in [from, to) (performance.now() times). */
  within(from: number, to: number): number {
    let ms = 0;
    for (const p of this.pauses) if (p.start >= from && p.start < to) ms += p.ms;
    return ms;
  }
}
