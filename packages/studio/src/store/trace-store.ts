import type { StoredSpan } from "../spans/stored-span.js";
import type { TraceSummary } from "./trace-summary.js";

/** How much a trace store keeps: the newest traces win. */
export interface TraceRetention {
  /** Traces kept at most; older ones are removed first. Default 2,000. */
  maxTraces?: number;
  /** Seconds a trace is kept after its last span arrived. Default 7 days. */
  maxAgeSeconds?: number;
  /** Epoch milliseconds (tests move it). Default `Date.now`. */
  clock?: () => number;
}

export interface TraceQuery {
  /** At most this many, newest first. Default 100. */
  limit?: number;
  /** Only traces whose root came from this service. */
  service?: string;
}

/** Where Studio keeps spans. Synchronous: both stores answer from memory or a local file. */
export interface TraceStore {
  /** Adds finished spans (a span id seen again replaces the earlier one), then trims. */
  add(spans: readonly StoredSpan[]): void;
  /** The trace's spans ordered by start time; empty when unknown. */
  trace(traceId: string): StoredSpan[];
  traces(query?: TraceQuery): TraceSummary[];
  /** Removes what retention no longer allows; `add` calls it. */
  trim(): void;
  close(): void;
}

export const DEFAULT_MAX_TRACES = 2000;
export const DEFAULT_MAX_AGE_SECONDS = 7 * 24 * 3600;
