/** How big each workload is: the full benchmark, or `--quick` (tiny sizes, one repetition) so CI keeps it working. */
export interface Sizes {
  /** Child processes per timed measurement (interleaved with the others; samples pooled). */
  rounds: number;
  reps: number;
  chainRuns: number;
  fanOutN: number;
  /** W2 sizes measured for Weft alone, to show that time grows linearly with N. */
  fanOutScaling: [number, number];
  concurrentRuns: number;
  inFlightRuns: number;
  /** Repetitions for the slowest workloads (the reference's fan-out, Weft's 1M fan-out). */
  heavyReps: number;
}

export const FULL: Sizes = {
  rounds: 5,
  reps: 11,
  chainRuns: 2000,
  fanOutN: 10_000,
  fanOutScaling: [100_000, 1_000_000],
  concurrentRuns: 1000,
  inFlightRuns: 10_000,
  heavyReps: 5,
};

export const QUICK: Sizes = {
  rounds: 1,
  reps: 1,
  chainRuns: 20,
  fanOutN: 100,
  fanOutScaling: [1_000, 10_000],
  concurrentRuns: 50,
  inFlightRuns: 200,
  heavyReps: 1,
};
