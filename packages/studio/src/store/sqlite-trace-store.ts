import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { StoredSpan } from "../spans/stored-span.js";
import { DEFAULT_MAX_AGE_SECONDS, DEFAULT_MAX_TRACES, type TraceQuery, type TraceRetention, type TraceStore } from "./trace-store.js";
import { addToSummary, type TraceSummary } from "./trace-summary.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS studio_traces (
  trace_id TEXT PRIMARY KEY, name TEXT NOT NULL, service TEXT NOT NULL, start_ms REAL NOT NULL, end_ms REAL NOT NULL,
  span_count INTEGER NOT NULL, error_count INTEGER NOT NULL, last_seen_ms REAL NOT NULL);
CREATE INDEX IF NOT EXISTS studio_traces_start ON studio_traces (start_ms);
CREATE INDEX IF NOT EXISTS studio_traces_seen ON studio_traces (last_seen_ms);
CREATE TABLE IF NOT EXISTS studio_spans (
  trace_id TEXT NOT NULL, span_id TEXT NOT NULL, start_ms REAL NOT NULL, span TEXT NOT NULL,
  PRIMARY KEY (trace_id, span_id));
`;

interface TraceRow {
  trace_id: string;
  name: string;
  service: string;
  start_ms: number;
  end_ms: number;
  span_count: number;
  error_count: number;
  last_seen_ms: number;
}

const toSummary = (r: TraceRow): TraceSummary => ({
  traceId: r.trace_id,
  name: r.name,
  service: r.service,
  startMs: r.start_ms,
  endMs: r.end_ms,
  spanCount: r.span_count,
  errorCount: r.error_count,
  lastSeenMs: r.last_seen_ms,
});

/** Spans in a SQLite file (WAL), kept across restarts of `weft dev`: the default trace store. */
export class SqliteTraceStore implements TraceStore {
  private readonly db: Database.Database;
  private readonly maxTraces: number;
  private readonly maxAgeMs: number;
  private readonly clock: () => number;
  private readonly addAll: (spans: readonly StoredSpan[]) => void;

  constructor(file: string, retention: TraceRetention = {}) {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(SCHEMA);
    this.maxTraces = retention.maxTraces ?? DEFAULT_MAX_TRACES;
    this.maxAgeMs = (retention.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
    this.clock = retention.clock ?? Date.now;

    const getTrace = this.db.prepare<[string], TraceRow>("SELECT * FROM studio_traces WHERE trace_id = ?");
    const putTrace = this.db.prepare(
      "INSERT OR REPLACE INTO studio_traces VALUES (@traceId, @name, @service, @startMs, @endMs, @spanCount, @errorCount, @lastSeenMs)",
    );
    const putSpan = this.db.prepare("INSERT OR REPLACE INTO studio_spans VALUES (?, ?, ?, ?)");
    const hasSpan = this.db.prepare<[string, string], { one: number }>("SELECT 1 AS one FROM studio_spans WHERE trace_id = ? AND span_id = ?");
    this.addAll = this.db.transaction((spans: readonly StoredSpan[]) => {
      const now = this.clock();
      const summaries = new Map<string, TraceSummary | undefined>();
      for (const span of spans) {
        if (!summaries.has(span.traceId)) {
          const row = getTrace.get(span.traceId);
          summaries.set(span.traceId, row && toSummary(row));
        }
        const previous = summaries.get(span.traceId);
        const replaced = previous !== undefined && hasSpan.get(span.traceId, span.spanId) !== undefined;
        summaries.set(span.traceId, replaced ? { ...previous, lastSeenMs: now } : addToSummary(previous, span, now));
        putSpan.run(span.traceId, span.spanId, span.startMs, JSON.stringify(span));
      }
      for (const summary of summaries.values()) if (summary) putTrace.run(summary);
    });
  }

  add(spans: readonly StoredSpan[]): void {
    if (spans.length === 0) return;
    this.addAll(spans);
    this.trim();
  }

  trace(traceId: string): StoredSpan[] {
    const rows = this.db.prepare<[string], { span: string }>("SELECT span FROM studio_spans WHERE trace_id = ? ORDER BY start_ms").all(traceId);
    return rows.map((r) => JSON.parse(r.span) as StoredSpan);
  }

  traces(query: TraceQuery = {}): TraceSummary[] {
    const limit = query.limit ?? 100;
    const rows =
      query.service === undefined
        ? this.db.prepare<[number], TraceRow>("SELECT * FROM studio_traces ORDER BY start_ms DESC LIMIT ?").all(limit)
        : this.db.prepare<[string, number], TraceRow>("SELECT * FROM studio_traces WHERE service = ? ORDER BY start_ms DESC LIMIT ?").all(query.service, limit);
    return rows.map(toSummary);
  }

  trim(): void {
    const oldest = this.clock() - this.maxAgeMs;
    this.db.transaction(() => {
      const doomed = this.db
        .prepare<[number, number], { trace_id: string }>(
          `SELECT trace_id FROM studio_traces WHERE last_seen_ms < ?
           UNION SELECT trace_id FROM (SELECT trace_id FROM studio_traces ORDER BY last_seen_ms DESC LIMIT -1 OFFSET ?)`,
        )
        .all(oldest, this.maxTraces);
      const dropSpans = this.db.prepare("DELETE FROM studio_spans WHERE trace_id = ?");
      const dropTrace = this.db.prepare("DELETE FROM studio_traces WHERE trace_id = ?");
      for (const { trace_id } of doomed) {
        dropSpans.run(trace_id);
        dropTrace.run(trace_id);
      }
    })();
  }

  close(): void {
    this.db.close();
  }
}
