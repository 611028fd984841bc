import type { JournalRecord } from "@weft/workflows";

/** How a run ended: what awaiting it gives (a typed stop event as its fields), or the failure's message. */
export type RunOutcome = { status: "completed"; result: unknown } | { status: "failed" | "cancelled"; error: string };

/** The outcome a `run.ended` record tells. */
export function outcomeOf(record: Extract<JournalRecord, { type: "run.ended" }>): RunOutcome {
  if (record.status === "completed") {
    const stop = record.result;
    // a plain StopEvent gives its `result` field, a typed stop event its fields (as awaiting the run does)
    const result = stop === undefined ? undefined : stop.type === "StopEvent" ? (stop.data as { result?: unknown }).result : stop.data;
    return { status: "completed", result };
  }
  return { status: record.status, error: record.error?.message ?? `Run ${record.status}` };
}
