import type { PendingTimer, TimerKind } from "./run-state.js";

const KIND_RANK: Readonly<Record<TimerKind, number>> = { run: 0, step: 1, wait: 2, retry: 3 };

/**
 * The order timers fire in: by due time, and timers due at the same instant by what they are for (the run, then a
 * step attempt by step name, event id and attempt, then a wait by its id). Never by the order they were armed: a
 * rebuilt run re-runs steps from their beginning, so which of two steps arms its timeout first can change, and the
 * run would then carry on differently from the one it rebuilds. Event ids and wait ids are in the journal, so the
 * order is the same before and after a rebuild; the timer's own id (the reducer's count) only breaks what is left.
 */
export function fireOrder(a: PendingTimer, b: PendingTimer): number {
  if (a.dueAt !== b.dueAt) return a.dueAt - b.dueAt;
  if (a.kind !== b.kind) return KIND_RANK[a.kind] - KIND_RANK[b.kind];
  const ea = a.exec;
  const eb = b.exec;
  if (ea !== undefined && eb !== undefined) {
    const byStep = compareText(ea.slot.def.name, eb.slot.def.name) || compareText(ea.event.eventId, eb.event.eventId);
    if (byStep !== 0) return byStep;
    if (ea.attempt !== eb.attempt) return ea.attempt - eb.attempt;
  } else if (a.waiterId !== undefined && b.waiterId !== undefined) {
    const byWaiter = compareText(a.waiterId, b.waiterId);
    if (byWaiter !== 0) return byWaiter;
  }
  return a.id - b.id;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
