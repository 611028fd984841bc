import { randomBytes } from "node:crypto";
import { context as otelContext, ROOT_CONTEXT, trace, TraceFlags } from "@opentelemetry/api";
import { Context, systemClock, type ContextDict, type Journal, type JournalRecord, type Runtime } from "@weft/workflows";
import type { AnyWorkflow } from "../runs/durable-workflow.js";

/**
 * The context of a run that this process does not hold, to read. A run waiting for an outside event with no step in
 * flight is rebuilt from its journal, quietly (nothing recorded, no span exported: its parent is an unsampled span),
 * read and dropped: nothing of it runs. Any other gets the state and store its last completed step left, and `run`
 * null (an ended run has none; a running run's lives in the worker that holds it).
 */
export function storedContext(workflow: AnyWorkflow, records: readonly JournalRecord[], waiting: boolean): ContextDict {
  if (waiting && !stepInFlight(records)) return rebuiltContext(workflow, records);
  const base = new Context(workflow).toDict() as ContextDict;
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (r.type === "step.completed" && r.store) return { ...base, state: r.store.state, store: r.store.store };
  }
  return base;
}

function stepInFlight(records: readonly JournalRecord[]): boolean {
  const open = new Set<string>();
  for (const r of records) {
    if (r.type === "step.started") open.add(r.executionId);
    else if (r.type === "step.completed" || r.type === "step.failed") open.delete(r.executionId);
  }
  return open.size > 0;
}

const discard: Journal = { append: () => undefined };

function rebuiltContext(workflow: AnyWorkflow, records: readonly JournalRecord[]): ContextDict {
  const runtime: Runtime = { clock: systemClock, journalFor: () => discard };
  const unsampled = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: randomBytes(16).toString("hex"),
    spanId: randomBytes(8).toString("hex"),
    traceFlags: TraceFlags.NONE,
    isRemote: true,
  });
  const handler = otelContext.with(unsampled, () => workflow.rebuild(records, { runtime }));
  handler.catch(() => undefined);
  try {
    return handler.ctx.toDict() as ContextDict;
  } finally {
    handler.cancel("read only");
  }
}
