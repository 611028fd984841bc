/** W1's chain length: start → e1 → … → e9 → stop is 10 steps. */
export const CHAIN_STEPS = 10;

/**
 * The workloads every engine (Weft, the reference, the plain-async floor) implements the same way. Each method
 * returns a number computed from the handlers' outputs, so a benchmark that silently skipped work would be caught.
 */
export interface Engine {
  readonly name: string;
  /** W1: `runs` runs of the 10-step chain, one after another. Returns the sum of the runs' results. */
  chain(runs: number): Promise<number>;
  /** W2: one run that fans out `n` events to a worker step and collects the `n` results. Returns their sum. */
  fanOut(n: number): Promise<number>;
  /** W3: `runs` runs of the 3-step workflow started together. Returns the sum of their results. */
  concurrent(runs: number): Promise<number>;
  /**
   * W3 memory: starts `runs` runs of the 3-step workflow whose middle step calls `arrived()` and then waits for
   * `gate`, so all of them are in flight at once. Resolves when all have finished.
   */
  hold(runs: number, gate: Promise<void>, arrived: () => void): Promise<number>;
}

/** What each workload must return, so every engine is checked against the same arithmetic. */
export const expected = {
  /** Each run of the chain adds 1 per step to its input 0. */
  chain: (runs: number) => runs * CHAIN_STEPS,
  /** Worker i returns 2i. */
  fanOut: (n: number) => n * (n - 1),
  /** Each 3-step run adds 1 per step to its input 0. */
  concurrent: (runs: number) => runs * 3,
};
