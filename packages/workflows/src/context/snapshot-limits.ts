import type { RunSnapshot } from "./context-dict.js";
import type { ContextLimits } from "./context-limits.js";
import { measureJSON } from "./measure-json.js";

type Limits = Readonly<Required<ContextLimits>>;

/** Measures a snapshot's store or state as a whole, so `toDict` and `fromDict` hold them to the same limits. */
export function measurePart(value: unknown, part: "store" | "state", limits: Limits): number {
  return measureJSON(value, { ...limits, budget: limits.maxSize, depth: 0, path: [part], label: "snapshot key", whole: `the ${part}` });
}

/**
 * Measures the fields of every event a run snapshot holds (and its waiters' requirements): each counts its depth
 * from its own root, and together they share `maxSize`.
 */
export function measureRun(run: RunSnapshot, limits: Limits): void {
  let left = limits.maxSize;
  const measure = (value: unknown, path: string[]) => {
    left -= measureJSON(value, { ...limits, budget: left, depth: 0, path, label: "snapshot key", whole: "the run" });
  };
  for (const part of ["queues", "collectBuffers"] as const) {
    for (const [step, events] of Object.entries(run[part])) events.forEach((e, i) => measure(e.data, ["run", part, step, String(i), "data"]));
  }
  run.parked.forEach((e, i) => measure(e.data, ["run", "parked", String(i), "data"]));
  run.waiters.forEach((w, i) => measure(w.requirements ?? null, ["run", "waiters", String(i), "requirements"]));
}
