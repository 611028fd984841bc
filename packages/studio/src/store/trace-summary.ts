import type { StoredSpan } from "../spans/stored-span.js";

/** One trace in the list: what a row shows without loading its spans. */
export interface TraceSummary {
  traceId: string;
  /** The root span's name once it arrived, else the earliest span's. */
  name: string;
  service: string;
  startMs: number;
  endMs: number;
  spanCount: number;
  errorCount: number;
  /** When the store last received a span of it (its clock), which trimming by age goes by. */
  lastSeenMs: number;
}

/** The summary after `span` joins the trace; `previous` is undefined for a trace's first span. */
export function addToSummary(previous: TraceSummary | undefined, span: StoredSpan, nowMs: number): TraceSummary {
  const error = span.status.code === 2 ? 1 : 0;
  if (!previous) {
    return { traceId: span.traceId, name: span.name, service: span.service, startMs: span.startMs, endMs: span.endMs, spanCount: 1, errorCount: error, lastSeenMs: nowMs };
  }
  const namedByRoot = span.parentSpanId === "" || span.startMs < previous.startMs;
  return {
    traceId: previous.traceId,
    name: namedByRoot ? span.name : previous.name,
    service: namedByRoot ? span.service : previous.service,
    startMs: Math.min(previous.startMs, span.startMs),
    endMs: Math.max(previous.endMs, span.endMs),
    spanCount: previous.spanCount + 1,
    errorCount: previous.errorCount + error,
    lastSeenMs: nowMs,
  };
}
