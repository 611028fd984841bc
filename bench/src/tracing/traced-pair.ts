import { CHAIN_STEPS, expected, type Engine } from "../engines/engine.js";
import { checked } from "../measure/checked.js";
import { GcPauses } from "../measure/gc-pauses.js";
import { sample, scaled, summarize, type Measurement, type Sample } from "../measure/measure.js";
import { SwitchedTracing } from "./switched-tracing.js";

/** One engine's W1 traced (SDK) and untraced (off), µs per step, their samples taken in the same repetitions. */
export interface TracedPair {
  traced: Measurement;
  untraced: Measurement;
  /** Main-thread collection pauses per step (µs) over all repetitions of each. */
  gcPerStep: { traced: number; untraced: number };
  /** What the switch between the two costs per call it passes on, in ns (see switched-tracing.ts). */
  switchCostNs: number;
}

/**
 * W1 on one engine (Weft, or the floor — plain when untraced, making Weft's spans by hand when traced), twice per
 * repetition in this one process: with the SDK and with tracing off, switched between the two (the first of the two
 * alternating, so neither always inherits the other's garbage). Sample i of both is repetition i, so the report can
 * take the median of per-repetition differences.
 *
 * Weft and the floor each get processes of their own: in a process that also ran Weft, the traced floor cost half as
 * much again (CPU time, 6.3–7.5 µs per step against 4.9), its spans paying for collections of Weft's heap — a share
 * of the SDK's price that belongs to neither.
 */
export async function tracedPair(traced: Pick<Engine, "name" | "chain">, untraced: Pick<Engine, "name" | "chain">, runs: number, reps: number): Promise<TracedPair> {
  const tracing = SwitchedTracing.register();
  const chainOf = (engine: Pick<Engine, "name" | "chain">) => {
    const check = checked(engine.name, "W1 chain", expected.chain(runs));
    return async () => check(await engine.chain(runs));
  };
  const terms = [
    { record: true, run: chainOf(traced), samples: [] as Sample[], gcMs: 0 },
    { record: false, run: chainOf(untraced), samples: [] as Sample[], gcMs: 0 },
  ];
  for (const term of terms) {
    tracing.record(term.record);
    await term.run();
  }
  const gc = new GcPauses();
  const windows: { term: (typeof terms)[number]; from: number; to: number }[] = [];
  for (let i = 0; i < reps; i++) {
    for (let k = 0; k < 2; k++) {
      const term = terms[(i + k) % 2];
      tracing.record(term.record);
      const from = performance.now();
      term.samples.push(await sample(term.run));
      windows.push({ term, from, to: performance.now() });
    }
  }
  await gc.stop();
  for (const w of windows) w.term.gcMs += gc.within(w.from, w.to);
  const switchCostNs = tracing.switchCostNs();
  await tracing.shutdown();
  if (tracing.exported() === 0) throw new Error(`${traced.name}, tracing switched: no span reached the exporter`);
  // µs per step: ms × 1000 / steps
  const perStep = (samples: Sample[]) => scaled(summarize(samples), 1000 / (runs * CHAIN_STEPS));
  const steps = reps * runs * CHAIN_STEPS;
  return {
    traced: perStep(terms[0].samples),
    untraced: perStep(terms[1].samples),
    gcPerStep: { traced: (terms[0].gcMs * 1000) / steps, untraced: (terms[1].gcMs * 1000) / steps },
    switchCostNs,
  };
}
