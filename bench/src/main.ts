import { cpus, loadavg } from "node:os";
import type { InFlightMemory } from "./measure/in-flight-memory.js";
import { inChild } from "./measure/in-child.js";
import type { Sample } from "./measure/measure.js";
import type { EngineName, Job } from "./jobs.js";
import { judge, type Results } from "./report/targets.js";
import { markdownTable } from "./report/table.js";
import { FULL, QUICK } from "./sizes.js";
import { TRACING_MODES, type TracingMode } from "./tracing/tracing-mode.js";

/**
 * `npm run bench`: every measurement runs in a fresh child process, one after another (so one engine's heap and
 * JIT state never colour another's numbers, and global OpenTelemetry setup stays per measurement); this process
 * only collects the results and prints the table. `--quick`: tiny sizes, one repetition, no targets judged.
 */
const quick = process.argv.includes("--quick");
const sizes = quick ? QUICK : FULL;
const engines: EngineName[] = ["weft", "reference", "floor"];

async function step<R extends Sample | InFlightMemory>(label: string, job: Job): Promise<R> {
  process.stderr.write(`  ${label} …`);
  const t0 = performance.now();
  const result = await inChild<R>(job);
  process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)}s\n`);
  return result;
}

function byEngine<R extends Sample | InFlightMemory>(make: (engine: EngineName) => Promise<R>): Promise<Record<EngineName, R>> {
  return engines.reduce(
    async (acc, engine) => ({ ...(await acc), [engine]: await make(engine) }),
    Promise.resolve({} as Record<EngineName, R>),
  );
}

async function main(): Promise<void> {
  const load0 = loadavg()[0];
  process.stderr.write(`Weft benchmark${quick ? " (--quick)" : ""}: node ${process.version}, ${cpus().length} CPUs, load ${load0.toFixed(2)}\n`);
  const { reps, heavyReps } = sizes;
  const results: Results = {
    sizes,
    chain: await byEngine((e) => step(`W1 chain ${e}`, { kind: "chain", engine: e, runs: sizes.chainRuns, reps })),
    fanOut: await byEngine((e) =>
      step(`W2 fan-out ${sizes.fanOutN} ${e}`, { kind: "fanOut", engine: e, n: sizes.fanOutN, reps: e === "reference" ? heavyReps : reps }),
    ),
    fanOutScaling: [
      await step(`W2 fan-out ${sizes.fanOutScaling[0]} weft`, { kind: "fanOut", engine: "weft", n: sizes.fanOutScaling[0], reps: heavyReps }),
      await step(`W2 fan-out ${sizes.fanOutScaling[1]} weft`, { kind: "fanOut", engine: "weft", n: sizes.fanOutScaling[1], reps: heavyReps }),
    ],
    concurrent: await byEngine((e) => step(`W3 concurrent ${e}`, { kind: "concurrent", engine: e, runs: sizes.concurrentRuns, reps })),
    inFlight: await byEngine((e) => step(`W3 in flight ${e}`, { kind: "inFlight", engine: e, runs: sizes.inFlightRuns })),
    tracing: {} as Record<TracingMode, Sample>,
  };
  for (const mode of TRACING_MODES) {
    results.tracing[mode] = await step(`tracing ${mode}`, { kind: "tracing", mode, runs: sizes.chainRuns, reps });
  }
  const { header, rows, missed } = judge(results, !quick);
  const load1 = loadavg()[0];
  process.stdout.write(`\nnode ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, load average ${load0.toFixed(2)} → ${load1.toFixed(2)}\n`);
  process.stdout.write(`medians of ${reps} repetitions after a warm-up (${heavyReps} for the reference's fan-out and Weft's scaling runs)\n\n`);
  process.stdout.write(`${markdownTable(header, rows)}\n`);
  if (!quick) process.stdout.write(`\n${missed === 0 ? "All targets met." : `${missed} target(s) not met.`} Targets are judged on CPU time (see README).\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
