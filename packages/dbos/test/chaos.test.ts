import { DBOS } from "@dbos-inc/dbos-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunOutcome } from "../src/index.js";
import { killHard, type WorkerProcess } from "./support/worker-process.js";
import { openScene, type Scene } from "./support/scene.js";

const RUNS = Number(process.env.WEFT_CHAOS_RUNS ?? 200);
const STEPS = 5;
const WORKERS = 3;
const KILL_EVERY_MS = 2000;

let scene: Scene;
beforeAll(async () => {
  // One run at a time per worker: a kill then interrupts one run, so it costs at most one step execution that
  // finished but whose record was not stored yet (and that step's LLM call), which is the bound. With N
  // runs per worker, a kill costs at most one such step per run it held.
  scene = await openScene({ concurrency: 1 });
}, 60_000);
afterAll(() => scene?.close(), 60_000);

/** Outcomes of the runs that have ended, by id. */
async function ended(ids: string[]): Promise<Map<string, RunOutcome>> {
  const statuses = await DBOS.listWorkflows({ workflowIDs: ids, status: "SUCCESS", loadInput: false });
  return new Map(statuses.map((s) => [s.workflowID, s.output as RunOutcome]));
}

describe("chaos", () => {
  it(`${RUNS} runs × ${STEPS} steps on ${WORKERS} workers, a random worker SIGKILLed every 2 s and restarted`, async () => {
    const slots: (WorkerProcess | undefined)[] = await Promise.all(Array.from({ length: WORKERS }, (_, i) => scene.worker(`chaos-${i}`)));
    const ids = await Promise.all(Array.from({ length: RUNS }, (_, i) => scene.client.start("FiveSteps", { id: `c${i}`, stepMs: 20 }, { handlerId: `c${i}` })));
    let kills = 0;
    let done = new Map<string, RunOutcome>();
    const restarts: Promise<unknown>[] = [];
    const started = Date.now();
    while (done.size < RUNS) {
      await new Promise((r) => setTimeout(r, KILL_EVERY_MS));
      done = await ended(ids);
      if (process.env.WEFT_CHAOS_LOG) console.log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${done.size} done, ${kills} kills, ${scene.lines("steps.log").length} steps`);
      if (done.size === RUNS) break;
      const alive = slots.map((w, i) => (w ? i : -1)).filter((i) => i >= 0);
      // a worker takes ~5 s to start on a loaded 2-core machine: one always stays up so the runs move on
      if (alive.length < 2) continue;
      const i = alive[Math.floor(Math.random() * alive.length)];
      const victim = slots[i]!;
      slots[i] = undefined;
      await killHard(victim);
      kills++;
      // restarted with the same executor id: DBOS recovers its runs at launch
      restarts.push(scene.worker(`chaos-${i}`).then((w) => (slots[i] = w)));
      expect(Date.now() - started, "the chaos run takes too long").toBeLessThan(240_000);
    }
    await Promise.all(restarts);

    for (let i = 0; i < RUNS; i++) expect(done.get(`c${i}`), `run c${i}`).toEqual({ status: "completed", result: `c${i}=15` });
    const steps = scene.lines("steps.log");
    const llm = scene.lines("llm.log");
    const took = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`chaos: ${kills} kills in ${took} s; ${steps.length} completed step executions, ${llm.length} LLM calls`);
    expect(kills).toBeGreaterThan(0);
    // every step completed at least once, in every run
    const distinct = new Set(steps);
    expect(distinct.size).toBe(RUNS * STEPS);
    // a completed step runs again only when it finished but its record was not stored yet when its worker died
    expect(steps.length).toBeGreaterThanOrEqual(RUNS * STEPS);
    expect(steps.length).toBeLessThanOrEqual(RUNS * STEPS + kills);
    expect(new Set(llm).size).toBe(RUNS * STEPS);
    expect(llm.length).toBeLessThanOrEqual(RUNS * STEPS + kills);
  }, 300_000);
});
