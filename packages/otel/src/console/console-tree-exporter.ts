import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";
import { formatSpanTree, type FormatSpanTreeOptions } from "../format/format-span-tree.js";

export interface ConsoleTreeExporterOptions extends FormatSpanTreeOptions {
  /** Where a finished tree goes. Default: standard error, so the program's own output stays clean. */
  write?: (text: string) => void;
  /** Spans held while waiting for their root to end; beyond this the oldest trace is printed as is. Default 10000. */
  maxPendingSpans?: number;
}

function isLocalRoot(span: ReadableSpan): boolean {
  const parent = span.parentSpanContext;
  return parent === undefined || parent.isRemote === true;
}

/**
 * Prints each trace as a tree (see `formatSpanTree`) the moment its local root span ends. Children end
 * before their root, so they are held per trace until then; spans that end after their root (work
 * left running in the background) are printed on their own, marked as late.
 */
export class ConsoleTreeExporter implements SpanExporter {
  private readonly pending = new Map<string, ReadableSpan[]>();
  private pendingCount = 0;
  private readonly printed = new Set<string>();
  private readonly write: (text: string) => void;
  private readonly maxPendingSpans: number;

  constructor(private readonly options: ConsoleTreeExporterOptions = {}) {
    this.write = options.write ?? ((text) => process.stderr.write(`${text}\n`));
    this.maxPendingSpans = options.maxPendingSpans ?? 10_000;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      for (const span of spans) this.accept(span);
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  private accept(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    if (this.printed.has(traceId) && !isLocalRoot(span)) {
      this.print([span], "(ended after its run) ");
      return;
    }
    const held = this.pending.get(traceId) ?? [];
    held.push(span);
    this.pending.set(traceId, held);
    this.pendingCount++;
    if (isLocalRoot(span)) {
      this.release(traceId, "");
      this.remember(traceId);
    }
    while (this.pendingCount > this.maxPendingSpans) {
      const oldest = this.pending.keys().next().value as string;
      this.release(oldest, "(incomplete: its root has not ended) ");
    }
  }

  private release(traceId: string, label: string): void {
    const spans = this.pending.get(traceId);
    if (!spans) return;
    this.pending.delete(traceId);
    this.pendingCount -= spans.length;
    this.print(spans, label);
  }

  private remember(traceId: string): void {
    this.printed.add(traceId);
    // Only the recent past matters for late spans; keep the set from growing forever.
    if (this.printed.size > 1000) this.printed.delete(this.printed.values().next().value as string);
  }

  private print(spans: ReadableSpan[], label: string): void {
    this.write(label + formatSpanTree(spans, this.options));
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    for (const traceId of [...this.pending.keys()]) {
      this.release(traceId, "(incomplete: its root has not ended) ");
    }
    return Promise.resolve();
  }
}
