import type { StoredSpan } from "../spans/stored-span.js";
import { DEFAULT_MAX_AGE_SECONDS, DEFAULT_MAX_TRACES, type TraceQuery, type TraceRetention, type TraceStore } from "./trace-store.js";
import { addToSummary, type TraceSummary } from "./trace-summary.js";

interface Held {
  summary: TraceSummary;
  spans: Map<string, StoredSpan>;
}

/** Spans in memory, gone with the process: for tests and for `--traces memory`. */
export class MemoryTraceStore implements TraceStore {
  // Insertion order is re-established on each add (delete + set), so the first entry is the least recently seen.
  private readonly held = new Map<string, Held>();
  private readonly maxTraces: number;
  private readonly maxAgeMs: number;
  private readonly clock: () => number;

  constructor(retention: TraceRetention = {}) {
    this.maxTraces = retention.maxTraces ?? DEFAULT_MAX_TRACES;
    this.maxAgeMs = (retention.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
    this.clock = retention.clock ?? Date.now;
  }

  add(spans: readonly StoredSpan[]): void {
    const now = this.clock();
    for (const span of spans) {
      const held = this.held.get(span.traceId) ?? { summary: undefined as unknown as TraceSummary, spans: new Map() };
      const replaced = held.spans.get(span.spanId);
      held.spans.set(span.spanId, span);
      held.summary = replaced ? { ...held.summary, lastSeenMs: now } : addToSummary(held.summary, span, now);
      this.held.delete(span.traceId);
      this.held.set(span.traceId, held);
    }
    this.trim();
  }

  trace(traceId: string): StoredSpan[] {
    const held = this.held.get(traceId);
    return held ? [...held.spans.values()].sort((a, b) => a.startMs - b.startMs) : [];
  }

  traces(query: TraceQuery = {}): TraceSummary[] {
    const limit = query.limit ?? 100;
    const out: TraceSummary[] = [];
    for (const { summary } of this.held.values()) if (query.service === undefined || summary.service === query.service) out.push(summary);
    return out.sort((a, b) => b.startMs - a.startMs).slice(0, limit);
  }

  trim(): void {
    const oldest = this.clock() - this.maxAgeMs;
    for (const [id, held] of this.held) {
      if (this.held.size <= this.maxTraces && held.summary.lastSeenMs >= oldest) break;
      this.held.delete(id);
    }
  }

  close(): void {
    this.held.clear();
  }
}
