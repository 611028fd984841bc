import { CHAIN_STEPS, expected, type Engine } from "../engines/engine.js";
import { floorEngine } from "../engines/floor.js";
import { tracedFloorChain } from "../engines/traced-floor.js";
import { checked } from "../measure/checked.js";
import { sample, scaled, summarize, type Measurement, type Sample } from "../measure/measure.js";
import { SwitchedTracing } from "./switched-tracing.js";

/** The four terms of "Weft's tracing work", W1 µs per step, their samples taken in the same repetitions. */
export interface TracingShare {
  /** Weft with the SDK. */
  sdk: Measurement;
  /** Weft with the never-recording provider. */
  off: Measurement;
  /** The floor making Weft's spans by hand, with the SDK. */
  tracedFloor: Measurement;
  /** The plain floor. */
  floor: Measurement;
  /** What the switch between the two costs per call it passes on, in ns (see switched-tracing.ts). */
  switchCostNs: number;
}

export const SHARE_TERMS = ["sdk", "off", "tracedFloor", "floor"] as const;
export type ShareTerm = (typeof SHARE_TERMS)[number];

/**
 * W1 four ways in this one process, tracing switched per term: Weft and the traced floor with the SDK, Weft and the
 * plain floor with tracing off. Each repetition times all four, one after another, starting from a different one each
 * time (a collection carried over from the term before lands on every term alike). The samples of a repetition keep
 * the same index in every term, so the report can take the median of per-repetition differences.
 */
export async function tracingShare(weft: Engine, runs: number, reps: number): Promise<TracingShare> {
  const tracing = SwitchedTracing.register();
  const chainOf = (engine: Pick<Engine, "name" | "chain">) => {
    const check = checked(engine.name, "W1 chain", expected.chain(runs));
    return async () => check(await engine.chain(runs));
  };
  const terms: Record<ShareTerm, { record: boolean; run: () => Promise<unknown> }> = {
    sdk: { record: true, run: chainOf(weft) },
    off: { record: false, run: chainOf(weft) },
    tracedFloor: { record: true, run: chainOf({ name: "traced floor", chain: tracedFloorChain }) },
    floor: { record: false, run: chainOf(floorEngine) },
  };
  const samples: Record<ShareTerm, Sample[]> = { sdk: [], off: [], tracedFloor: [], floor: [] };
  for (const term of SHARE_TERMS) {
    tracing.record(terms[term].record);
    await terms[term].run();
  }
  for (let i = 0; i < reps; i++) {
    for (let k = 0; k < SHARE_TERMS.length; k++) {
      const term = SHARE_TERMS[(i + k) % SHARE_TERMS.length];
      tracing.record(terms[term].record);
      samples[term].push(await sample(terms[term].run));
    }
  }
  const switchCostNs = tracing.switchCostNs();
  await tracing.shutdown();
  if (tracing.exported() === 0) throw new Error("tracing share: no span reached the exporter");
  // µs per step: ms × 1000 / steps
  const perStep = (term: ShareTerm) => scaled(summarize(samples[term]), 1000 / (runs * CHAIN_STEPS));
  return { sdk: perStep("sdk"), off: perStep("off"), tracedFloor: perStep("tracedFloor"), floor: perStep("floor"), switchCostNs };
}
