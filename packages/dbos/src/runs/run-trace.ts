import { context, trace, type Context } from "@opentelemetry/api";
import type pg from "pg";

/**
 * One trace per run, across workers: the first execution's run span is stored with the run, and every later
 * execution (a recovery on another worker) starts its run span as a child of it, so the whole run reads as one trace
 * however many workers carried it. (Linked traces per resumption suit runs that last days; Weft's runs are read as one
 * timeline in Studio, which finds a run by its trace id.) Nothing is written when no tracer records.
 */
export async function loadTraceContext(pool: pg.Pool, handlerId: string): Promise<Context | undefined> {
  const { rows } = await pool.query<{ traceparent: string }>("SELECT traceparent FROM weft_dbos_traces WHERE handler_id = $1", [handlerId]);
  return rows[0] ? contextOf(rows[0].traceparent) : undefined;
}

/** Keeps the run span's traceparent, unless an earlier execution kept one already. */
export async function saveTraceparent(pool: pg.Pool, handlerId: string, traceparent: string | undefined): Promise<void> {
  if (traceparent === undefined || /^00-0{32}-/.test(traceparent)) return;
  await pool.query("INSERT INTO weft_dbos_traces (handler_id, traceparent) VALUES ($1, $2) ON CONFLICT (handler_id) DO NOTHING", [handlerId, traceparent]);
}

/** The caller's trace context as a traceparent, so a queued run's span is a child of the span that started it. */
export function callerTraceparent(): string | undefined {
  const sc = trace.getSpanContext(context.active());
  if (!sc || !trace.isSpanContextValid(sc)) return undefined;
  return `00-${sc.traceId}-${sc.spanId}-${sc.traceFlags.toString(16).padStart(2, "0")}`;
}

export function contextOf(traceparent: string | undefined): Context | undefined {
  if (traceparent === undefined) return undefined;
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(traceparent);
  if (!m) return undefined;
  return trace.setSpanContext(context.active(), { traceId: m[1], spanId: m[2], traceFlags: parseInt(m[3], 16), isRemote: true });
}
