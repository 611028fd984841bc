import { CHAIN_STEPS, expected, type Engine } from "./engines/engine.js";
import { floorEngine } from "./engines/floor.js";
import { tracedFloorChain } from "./engines/traced-floor.js";
import { referenceEngine } from "./engines/reference.js";
import { weftEngine } from "./engines/weft.js";
import { weftBeforeEngine } from "./engines/weft-before.js";
import { weftJournaledEngine } from "./engines/weft-journaled.js";
import { checked } from "./measure/checked.js";
import { inFlightMemory, type InFlightMemory } from "./measure/in-flight-memory.js";
import { measure, scaled, type Measurement, type Sample } from "./measure/measure.js";
import { setUpTracing, type TracingMode } from "./tracing/tracing-mode.js";
import { tracedPair, type TracedPair } from "./tracing/traced-pair.js";

export type EngineName = "weft" | "reference" | "floor";
/** Weft measured another way: the engine before the run journal, or today's with an in-memory journal attached. */
export type WeftVariant = "weft before" | "weft journaled";

/** One measurement, run in a process of its own when it needs one (global tracing, clean RSS, a big heap). */
export type Job =
  | { kind: "chain"; engine: EngineName | WeftVariant; runs: number; reps: number }
  | { kind: "fanOut"; engine: EngineName | WeftVariant; n: number; reps: number }
  | { kind: "concurrent"; engine: EngineName | WeftVariant; runs: number; reps: number }
  | { kind: "inFlight"; engine: EngineName; runs: number }
  | { kind: "tracing"; mode: TracingMode; runs: number; reps: number }
  /** W1 on the plain-async floor making Weft's spans by hand, with the SDK registered (see traced-floor.ts). */
  | { kind: "tracedFloor"; runs: number; reps: number }
  /** W1 with the SDK and off in one process, switched per repetition: Weft, or the (traced) floor (tracing/traced-pair.ts). */
  | { kind: "tracedPair"; engine: "weft" | "floor"; runs: number; reps: number };

export type JobResult = Sample | InFlightMemory | TracedPair;

async function engineNamed(name: EngineName | WeftVariant, verbose = false): Promise<Engine> {
  if (name === "weft") return weftEngine({ verbose });
  if (name === "weft before") return weftBeforeEngine();
  if (name === "weft journaled") return weftJournaledEngine();
  if (name === "reference") return referenceEngine();
  return floorEngine;
}

async function chainPerStep(engine: Pick<Engine, "name" | "chain">, runs: number, reps: number): Promise<Measurement> {
  const check = checked(engine.name, "W1 chain", expected.chain(runs));
  const m = await measure(reps, async () => check(await engine.chain(runs)));
  // µs per step: ms × 1000 / steps
  return scaled(m, 1000 / (runs * CHAIN_STEPS));
}

/** W1 on `chain` with tracing set up as `mode` (once per process: OpenTelemetry's globals are set here). */
async function tracedChainPerStep(mode: TracingMode, chain: Pick<Engine, "name" | "chain">, runs: number, reps: number): Promise<Measurement> {
  const tracing = setUpTracing(mode);
  const result = await chainPerStep(chain, runs, reps);
  await tracing.shutdown();
  // not asked of `sampled`: with --quick's few runs, one in ten sampled may well be none
  if (mode === "sdk" && tracing.exported() === 0) throw new Error(`${chain.name}, tracing sdk: no span reached the exporter`);
  return result;
}

/** Runs one job in this process. */
export async function runJob(job: Job): Promise<JobResult> {
  switch (job.kind) {
    case "chain":
      return chainPerStep(await engineNamed(job.engine), job.runs, job.reps);
    case "fanOut": {
      const engine = await engineNamed(job.engine);
      const check = checked(engine.name, `W2 fan-out ${job.n}`, expected.fanOut(job.n));
      return measure(job.reps, async () => check(await engine.fanOut(job.n)));
    }
    case "concurrent": {
      const engine = await engineNamed(job.engine);
      const check = checked(engine.name, "W3 concurrent", expected.concurrent(job.runs));
      return measure(job.reps, async () => check(await engine.concurrent(job.runs)));
    }
    case "inFlight":
      return inFlightMemory(await engineNamed(job.engine), job.runs);
    case "tracing":
      return tracedChainPerStep(job.mode, await engineNamed("weft", job.mode === "verbose"), job.runs, job.reps);
    case "tracedFloor":
      return tracedChainPerStep("sdk", { name: "traced floor", chain: tracedFloorChain }, job.runs, job.reps);
    case "tracedPair": {
      if (job.engine === "weft") {
        const weft = await engineNamed("weft");
        return tracedPair(weft, weft, job.runs, job.reps);
      }
      return tracedPair({ name: "traced floor", chain: tracedFloorChain }, floorEngine, job.runs, job.reps);
    }
  }
}
