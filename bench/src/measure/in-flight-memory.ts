import type { Engine } from "../engines/engine.js";

export interface InFlightMemory {
  /** Bytes of RSS per run in flight. */
  rssPerRun: number;
  /** Bytes of V8 heap (used) per run in flight. */
  heapPerRun: number;
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error("in-flight memory needs node --expose-gc");
  collect();
  collect();
}

/** Holds `runs` runs at their middle step; resolves once every one of them got there. */
async function holdAll(engine: Engine, runs: number): Promise<{ release: () => void; finished: Promise<number> }> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reached = 0;
  let allThere!: () => void;
  const there = new Promise<void>((resolve) => (allThere = resolve));
  const finished = engine.hold(runs, gate, () => {
    if (++reached === runs) allThere();
  });
  await there;
  return { release, finished };
}

/**
 * Memory per run in flight: garbage-collect, note RSS and heap, start `runs` runs that all wait in their middle step,
 * collect again and note the growth. A warm-up round of the same size runs first, so the process is in its steady
 * state: compiled code, lazily built tables and V8's once-per-process growth of the young generation (tens of MB at
 * this allocation rate) are not billed to the runs. Meant for a fresh process.
 */
export async function inFlightMemory(engine: Engine, runs: number): Promise<InFlightMemory> {
  const warm = await holdAll(engine, runs);
  warm.release();
  await warm.finished;
  gc();
  const before = process.memoryUsage();
  const held = await holdAll(engine, runs);
  gc();
  const after = process.memoryUsage();
  held.release();
  const sum = await held.finished;
  if (sum !== runs * 3) throw new Error(`${engine.name} in-flight runs: result ${sum}, expected ${runs * 3}`);
  return { rssPerRun: (after.rss - before.rss) / runs, heapPerRun: (after.heapUsed - before.heapUsed) / runs };
}
