import type { Execution } from "./run-state.js";

/** What starts a step attempt: the run's executor. */
export interface StepStarter {
  execute(exec: Execution): void;
}

/**
 * Steps start in a microtask of their own. `.then` on a settled promise queues one exactly like `queueMicrotask`
 * (same queue, same order, same async context) at half the cost: Node wraps each `queueMicrotask` in an AsyncResource.
 */
const nextMicrotask = Promise.resolve();

/**
 * Steps waiting for their start microtask, oldest first, across every run of the process. Each start queues one
 * microtask that starts the oldest entry: the same order as a closure per step, without allocating one. The microtask
 * queue always drains before the next macrotask, and with it this list, which is then emptied with `pop` (keeping its
 * storage).
 */
const startRuns: (StepStarter | undefined)[] = [];
const startExecs: (Execution | undefined)[] = [];
let startHead = 0;

/** Starts `exec` on `run` in a microtask of its own. */
export function queueStart(run: StepStarter, exec: Execution): void {
  startRuns.push(run);
  startExecs.push(exec);
  nextMicrotask.then(startOldest);
}

function startOldest(): void {
  const i = startHead++;
  const run = startRuns[i]!;
  const exec = startExecs[i]!;
  if (startHead === startRuns.length) {
    startHead = 0;
    while (startRuns.length > 0) {
      startRuns.pop();
      startExecs.pop();
    }
  } else {
    startRuns[i] = undefined;
    startExecs[i] = undefined;
  }
  run.execute(exec);
}
