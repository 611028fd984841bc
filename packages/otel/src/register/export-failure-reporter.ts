import type { TracingLogger } from "./tracing-logger.js";

/**
 * Turns a stream of export failures into one warning per outage: the first failure is logged with
 * its cause, the rest stay quiet until an export succeeds again (logged once as recovered). A dead
 * backend thus costs one log line, not one per batch.
 */
export class ExportFailureReporter {
  private failing = false;
  private failedSpans = 0;

  constructor(
    private readonly logger: TracingLogger,
    private readonly endpoint: string,
  ) {}

  /** Whether the last export failed (its warning, or an earlier one of the same outage, was logged). */
  get isFailing(): boolean {
    return this.failing;
  }

  failure(error: unknown, spanCount: number): void {
    this.failedSpans += spanCount;
    if (this.failing) return;
    this.failing = true;
    const reason = error instanceof Error ? error.message : String(error ?? "unknown error");
    this.logger.warn(
      { endpoint: this.endpoint, reason, spans: spanCount },
      "could not export spans; the run is unaffected, further export errors are not logged until export works again",
    );
  }

  success(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.info({ endpoint: this.endpoint, lostSpans: this.failedSpans }, "span export works again");
    this.failedSpans = 0;
  }
}
