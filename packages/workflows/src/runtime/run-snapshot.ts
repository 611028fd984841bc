import type { RunSnapshot } from "../context/context-dict.js";
import { OUTSIDE, type RunState } from "./run-state.js";

/**
 * A run in progress as plain JSON (`ctx.toDict()`'s `run`): a view of the reducer's state, nothing else. Executions
 * in progress are queued again, before the queued events of their step (their steps re-run on resume); waits from
 * outside any step are left out (their caller does not come along).
 */
export function snapshotOf(state: RunState, runId: string, traceparent: string | undefined): RunSnapshot {
  const queues: RunSnapshot["queues"] = {};
  const active = [...state.active].sort((a, b) => a.id - b.id);
  for (const name of state.steps.keys()) {
    const slot = state.slots.get(name);
    if (!slot) continue;
    const events = [...active.filter((e) => e.slot === slot).map((e) => e.event), ...(slot.queue?.toArray() ?? [])];
    if (events.length) queues[name] = events.map((e) => e.toJSON());
  }
  const collectBuffers: RunSnapshot["collectBuffers"] = {};
  for (const [name, events] of state.collectBuffers) if (events.length) collectBuffers[name] = events.map((e) => e.toJSON());
  const waiters: RunSnapshot["waiters"] = state.waiters
    .filter((w) => w.stepName !== OUTSIDE)
    .map((w) => ({ id: w.id, step: w.stepName, eventType: w.eventClass.eventName, requirements: w.requirements as Record<string, unknown> | undefined }));
  for (const id of state.restoredWaiterIds) waiters.push({ id, step: id.split(":")[0], eventType: "", requirements: undefined });
  return { runId, queues, collectBuffers, waiters, parked: state.parked.map((e) => e.toJSON()), traceparent };
}
