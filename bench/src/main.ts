import { cpus, loadavg } from "node:os";
import type { InFlightMemory } from "./measure/in-flight-memory.js";
import { inChild } from "./measure/in-child.js";
import { summarize, type Measurement, type Sample } from "./measure/measure.js";
import type { EngineName, Job, JobResult } from "./jobs.js";
import { judge, type Results } from "./report/targets.js";
import { markdownTable } from "./report/table.js";
import { FULL, QUICK } from "./sizes.js";
import { TRACING_MODES, type TracingMode } from "./tracing/tracing-mode.js";
import type { TracedPair } from "./tracing/traced-pair.js";
import { serverBench } from "./server/server-bench.js";
import { BASELINE_COMMIT, ensureBaseline } from "./baseline/baseline.js";

/**
 * `npm run bench`: every measurement runs in a fresh child process (one engine's heap and JIT state never colour
 * another's numbers; OpenTelemetry's global provider is set once per process), and the timed ones run in several
 * rounds, interleaved, with their samples pooled — so a burst of load from other processes lands on a few samples of
 * every measurement instead of all samples of one. This process only collects results and prints the table.
 * `--quick`: tiny sizes, one round of one repetition, no targets judged.
 */
const quick = process.argv.includes("--quick");
const sizes = quick ? QUICK : FULL;
const engines: EngineName[] = ["weft", "reference", "floor"];

async function step<R extends JobResult>(label: string, job: Job): Promise<R> {
  process.stderr.write(`  ${label} …`);
  const t0 = performance.now();
  const result = await inChild<R>(job);
  process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)}s\n`);
  return result;
}

interface Timed {
  key: string;
  job: Job;
  rounds: number;
}

/**
 * Runs the timed jobs round by round (job 1, job 2, …, job 1, job 2, …) and pools each one's samples: a traced
 * pair's two under "<key> traced" and "<key> untraced", in the same order, so a repetition keeps one index in both.
 */
async function interleaved(jobs: Timed[]): Promise<{ timed: Map<string, Measurement>; pairs: Map<string, TracedPair[]> }> {
  const pooled = new Map<string, Sample[]>();
  const pairs = new Map<string, TracedPair[]>();
  const pool = (key: string, samples: Sample[]) => pooled.set(key, [...(pooled.get(key) ?? []), ...samples]);
  const rounds = Math.max(...jobs.map((j) => j.rounds));
  for (let r = 0; r < rounds; r++) {
    for (const j of jobs) {
      if (r >= j.rounds) continue;
      const m = await step<Measurement | TracedPair>(`${j.key} (round ${r + 1}/${j.rounds})`, j.job);
      if ("samples" in m) pool(j.key, m.samples);
      else {
        pool(`${j.key} traced`, m.traced.samples);
        pool(`${j.key} untraced`, m.untraced.samples);
        pairs.set(j.key, [...(pairs.get(j.key) ?? []), m]);
      }
    }
  }
  return { timed: new Map([...pooled].map(([key, samples]) => [key, summarize(samples)])), pairs };
}

async function main(): Promise<void> {
  const load0 = loadavg()[0];
  process.stderr.write(`Weft benchmark${quick ? " (--quick)" : ""}: node ${process.version}, ${cpus().length} CPUs, load ${load0.toFixed(2)}\n`);
  const { reps, heavyReps, rounds } = sizes;
  process.stderr.write(`  the engine before the run journal (${BASELINE_COMMIT.slice(0, 12)}) …`);
  const baseline = ensureBaseline();
  process.stderr.write(baseline.ok ? " ready\n" : ` not available: ${baseline.why}\n`);
  const roundsOf = (engine: EngineName) => (engine === "reference" ? 1 : rounds);
  const jobs: Timed[] = [];
  for (const e of engines) {
    jobs.push({ key: `W1 chain ${e}`, job: { kind: "chain", engine: e, runs: sizes.chainRuns, reps }, rounds: roundsOf(e) });
    const fanOutReps = e === "reference" ? heavyReps : reps;
    jobs.push({ key: `W2 fan-out ${sizes.fanOutN} ${e}`, job: { kind: "fanOut", engine: e, n: sizes.fanOutN, reps: fanOutReps }, rounds: roundsOf(e) });
    jobs.push({ key: `W3 concurrent ${e}`, job: { kind: "concurrent", engine: e, runs: sizes.concurrentRuns, reps }, rounds: roundsOf(e) });
  }
  // before and after the run journal, with no journal attached, in the same rounds as today's engine
  if (baseline.ok) {
    jobs.push({ key: "W1 chain weft before", job: { kind: "chain", engine: "weft before", runs: sizes.chainRuns, reps }, rounds });
    jobs.push({ key: `W2 fan-out ${sizes.fanOutN} weft before`, job: { kind: "fanOut", engine: "weft before", n: sizes.fanOutN, reps }, rounds });
    jobs.push({ key: "W3 concurrent weft before", job: { kind: "concurrent", engine: "weft before", runs: sizes.concurrentRuns, reps }, rounds });
  }
  jobs.push({ key: "W1 chain weft journaled", job: { kind: "chain", engine: "weft journaled", runs: sizes.chainRuns, reps }, rounds });
  // the 1M fan-out takes seconds a sample; fewer rounds, but more than one, so one loaded moment cannot decide it
  const bigRounds = Math.ceil(rounds / 2);
  for (const n of sizes.fanOutScaling) {
    jobs.push({ key: `W2 fan-out ${n} weft`, job: { kind: "fanOut", engine: "weft", n, reps: heavyReps }, rounds: n === sizes.fanOutScaling[0] ? rounds : bigRounds });
  }
  for (const mode of TRACING_MODES) {
    jobs.push({ key: `tracing ${mode}`, job: { kind: "tracing", mode, runs: sizes.chainRuns, reps }, rounds });
  }
  // short repetitions, ten times as many: a difference of medians of pairs is the more robust the more pairs it has
  const shareRuns = Math.max(1, Math.round(sizes.chainRuns / 10));
  for (const engine of ["weft", "floor"] as const) {
    jobs.push({ key: `traced pair ${engine}`, job: { kind: "tracedPair", engine, runs: shareRuns, reps: reps * 10 }, rounds });
  }
  const { timed, pairs } = await interleaved(jobs);
  const weftPairs = pairs.get("traced pair weft") ?? [];
  const floorPairs = pairs.get("traced pair floor") ?? [];
  const meanOf = (ps: TracedPair[], pick: (p: TracedPair) => number) => ps.reduce((sum, p) => sum + pick(p), 0) / ps.length;
  const pick = (prefix: string) =>
    Object.fromEntries(engines.map((e) => [e, timed.get(`${prefix} ${e}`)!])) as Record<EngineName, Measurement>;
  const inFlight = {} as Record<EngineName, InFlightMemory>;
  for (const e of engines) inFlight[e] = await step(`W3 in flight ${e}`, { kind: "inFlight", engine: e, runs: sizes.inFlightRuns });
  const results: Results = {
    sizes,
    chain: pick("W1 chain"),
    fanOut: pick(`W2 fan-out ${sizes.fanOutN}`),
    fanOutScaling: [timed.get(`W2 fan-out ${sizes.fanOutScaling[0]} weft`)!, timed.get(`W2 fan-out ${sizes.fanOutScaling[1]} weft`)!],
    concurrent: pick("W3 concurrent"),
    inFlight,
    tracing: Object.fromEntries(TRACING_MODES.map((m) => [m, timed.get(`tracing ${m}`)!])) as Record<TracingMode, Measurement>,
    tracingShare: {
      sdk: timed.get("traced pair weft traced")!,
      off: timed.get("traced pair weft untraced")!,
      tracedFloor: timed.get("traced pair floor traced")!,
      floor: timed.get("traced pair floor untraced")!,
      gcPerStep: {
        sdk: meanOf(weftPairs, (p) => p.gcPerStep.traced),
        off: meanOf(weftPairs, (p) => p.gcPerStep.untraced),
        tracedFloor: meanOf(floorPairs, (p) => p.gcPerStep.traced),
        floor: meanOf(floorPairs, (p) => p.gcPerStep.untraced),
      },
      switchCostNs: Math.max(...[...weftPairs, ...floorPairs].map((p) => p.switchCostNs)),
    },
    before: baseline.ok
      ? { chain: timed.get("W1 chain weft before")!, fanOut: timed.get(`W2 fan-out ${sizes.fanOutN} weft before`)!, concurrent: timed.get("W3 concurrent weft before")! }
      : { why: baseline.why },
    journaled: timed.get("W1 chain weft journaled")!,
  };
  const { header, rows, missed } = judge(results, !quick);
  const load1 = loadavg()[0];
  process.stdout.write(`\nnode ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, load average ${load0.toFixed(2)} → ${load1.toFixed(2)}\n`);
  process.stdout.write(
    `medians of ${rounds} interleaved rounds × ${reps} repetitions, each after a warm-up ` +
      `(reference: 1 round; its fan-out and Weft's 100k/1M fan-outs: ${heavyReps} repetitions; 1M: ${bigRounds} rounds)\n\n`,
  );
  process.stdout.write(`${markdownTable(header, rows)}\n`);
  process.stdout.write(`\n${await serverBench(quick)}\n`);
  if (!quick) process.stdout.write(`\n${missed === 0 ? "All targets met." : `${missed} target(s) not met.`} Targets are judged on wall-time medians (see README).\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
