import type { AnyEventClass, Event } from "../events/event.js";

/**
 * `collectEvents` of step `step`: buffers `event`, and once one event of each expected class is there, takes them out
 * and returns them in the expected order; null until then. Used live and when a journal is replayed.
 */
export function collectInto(buffers: Map<string, Event[]>, step: string, event: Event, expected: readonly AnyEventClass[]): Event[] | null {
  let buffer = buffers.get(step);
  if (!buffer) buffers.set(step, (buffer = []));
  buffer.push(event);
  if (buffer.length < expected.length) return null;
  const match = pickCollected(buffer, expected);
  if (!match) return null;
  buffers.set(step, match.rest);
  return match.picked;
}

/**
 * For `collectEvents`: the first not-yet-picked buffered event of each expected class, in the expected order, and
 * what stays buffered; null while one is missing. Linear in the buffer per distinct class (a fan-in of N results of
 * one class is O(N), not O(N²)): each class resumes its search where it last stopped, because everything before that
 * point either is not of that class or was already picked.
 */
export function pickCollected(buffer: readonly Event[], expected: readonly AnyEventClass[]): { picked: Event[]; rest: Event[] } | null {
  const taken = new Uint8Array(buffer.length);
  const resumeAt = new Map<AnyEventClass, number>();
  const picked: Event[] = new Array(expected.length);
  for (let k = 0; k < expected.length; k++) {
    const cls = expected[k];
    let i = resumeAt.get(cls) ?? 0;
    while (i < buffer.length && (taken[i] === 1 || !(buffer[i] instanceof cls))) i++;
    if (i === buffer.length) return null;
    taken[i] = 1;
    resumeAt.set(cls, i + 1);
    picked[k] = buffer[i];
  }
  const rest: Event[] = [];
  for (let i = 0; i < buffer.length; i++) if (taken[i] === 0) rest.push(buffer[i]);
  return { picked, rest };
}
