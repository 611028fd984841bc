import type { JournalRecord } from "@weft/workflows";
import type { ServedEntry } from "./served-shapes.js";

/**
 * Numbers a run's stream entries from its journal, record by record, as the in-process server does: each
 * `stream.written` is an entry (1, 2, …), except what a step rebuilt after a crash writes again. A rebuilt run runs
 * the steps that were in flight again; their execution ids are kept, so a second `step.started` of an execution that
 * never finished marks the cut. The entries written since the first of those executions started are then expected
 * again, in order: one that matches the next expected entry is the same entry (no new number, a reader sees it
 * once); the first that differs ends the matching. Every process reading the same journal gives the same numbers.
 */
export class StreamNumbering {
  private count = 0;
  /** Executions started and not yet finished: their first `step.started` record's seq. */
  private readonly open = new Map<string, number>();
  /** Executions started again since the last cut. */
  private restarted = new Set<string>();
  /** Entries numbered, with the record that wrote them, while an execution is open (a cut may expect them again). */
  private recent: { recordSeq: number; type: string; data: unknown }[] = [];
  private expected: { type: string; data: unknown }[] = [];

  /** The entry this record writes, if it is a new one. */
  add(record: JournalRecord): ServedEntry | undefined {
    switch (record.type) {
      case "step.started":
        if (!this.open.has(record.executionId)) this.open.set(record.executionId, record.seq);
        else this.startedAgain(record.executionId);
        return undefined;
      case "step.completed":
      case "step.failed":
        this.open.delete(record.executionId);
        if (this.open.size === 0) this.recent = [];
        return undefined;
      case "stream.written":
        return this.written(record.seq, record.event.type, record.event.data);
      default:
        return undefined;
    }
  }

  private startedAgain(executionId: string): void {
    // the same cut until an execution re-runs twice: then the run was cut again
    if (this.restarted.size > 0 && !this.restarted.has(executionId)) {
      this.restarted.add(executionId);
      return;
    }
    this.restarted = new Set([executionId]);
    const from = Math.min(...this.open.values());
    this.expected = this.recent.filter((e) => e.recordSeq > from).map(({ type, data }) => ({ type, data }));
  }

  private written(recordSeq: number, type: string, data: Record<string, unknown>): ServedEntry | undefined {
    const next = this.expected[0];
    if (next) {
      if (next.type === type && JSON.stringify(next.data) === JSON.stringify(data)) {
        this.expected.shift();
        return undefined;
      }
      this.expected = [];
    }
    if (this.open.size > 0) this.recent.push({ recordSeq, type, data });
    return { seq: ++this.count, type, data };
  }
}
