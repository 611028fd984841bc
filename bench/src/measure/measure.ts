/** One timed repetition: wall-clock and CPU (user + system) milliseconds. */
export interface Sample {
  wallMs: number;
  cpuMs: number;
}

/** Medians over the repetitions (each taken on its own), plus the raw samples. */
export interface Measurement extends Sample {
  samples: Sample[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Medians of samples pooled from several repetitions (and several processes). */
export function summarize(samples: Sample[]): Measurement {
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)), samples };
}

/**
 * One warm-up, then `reps` timed repetitions back to back, each paying the garbage collections that fall in it — in
 * the steady state, that is its own garbage's share. No collection is forced between repetitions: a forced full
 * collection shrinks V8's young generation, and the next tens of thousands of steps then ran up to twice as slow
 * while it grew back (measured on W1), which is a freshly started process, not the steady state of a server.
 */
export async function measure(reps: number, fn: () => Promise<unknown>): Promise<Measurement> {
  await fn();
  const samples: Sample[] = [];
  for (let i = 0; i < reps; i++) samples.push(await sample(fn));
  return summarize(samples);
}

/** One timed repetition of `fn`. */
export async function sample(fn: () => Promise<unknown>): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Rescales a measurement and its samples (e.g. to µs per step). */
export function scaled(m: Measurement, factor: number): Measurement {
  const scale = (s: Sample): Sample => ({ wallMs: s.wallMs * factor, cpuMs: s.cpuMs * factor });
  return { ...scale(m), samples: m.samples.map(scale) };
}
