import { z } from "zod";
import * as weft from "@weft/workflows";
import type { Runtime, Workflow } from "@weft/workflows";
import { CHAIN_STEPS, type Engine } from "./engine.js";

/**
 * Weft's workloads, written as a user writes them: `defineEvent` classes with zod fields, async handlers. Written
 * against the few names every version of `@weft/workflows` has, so the same code measures today's engine and the
 * baseline (the engine before the run journal, see ../baseline/baseline.ts).
 */
export type WeftApi = Pick<typeof weft, "defineEvent" | "StartEvent" | "StopEvent" | "Workflow">;

type Loose = Workflow<Record<string, unknown>, Record<string, unknown>, unknown, {}>;

export interface WeftEngineOptions {
  /** `verbose: true` makes every run print; the benchmark points console.log at a no-op while it measures. */
  verbose?: boolean;
  /** Every run goes to this runtime (today's engine only); by default `run()` with no options, as before the seam. */
  runtime?: Runtime;
  /** How the table names it; default "weft". */
  name?: string;
}

/** Today's engine. */
export function weftEngine(options: WeftEngineOptions = {}): Engine {
  return weftWorkloads(weft, options);
}

/** The workloads on `api`, a `@weft/workflows` module of any version. */
export function weftWorkloads({ defineEvent, StartEvent, StopEvent, Workflow }: WeftApi, options: WeftEngineOptions = {}): Engine {
  const Link = Array.from({ length: CHAIN_STEPS - 1 }, (_, i) => defineEvent(`Link${i + 1}`, { n: z.number() }));
  const Work = defineEvent("Work", { i: z.number() });
  const Done = defineEvent("Done", { v: z.number() });
  const Mid = defineEvent("Mid", { n: z.number() });
  const Last = defineEvent("Last", { n: z.number() });
  const runtime = options.runtime;
  const start = runtime ? (wf: Loose) => wf.run(undefined, { runtime }) : (wf: Loose) => wf.run();

  function chainWorkflow(verbose: boolean): Loose {
    let wf = new Workflow({ name: "Chain", verbose }).step("s1", { accepts: [StartEvent], returns: [Link[0]] }, async () => new Link[0]({ n: 1 })) as unknown as Loose;
    for (let i = 1; i < CHAIN_STEPS - 1; i++) {
      const From = Link[i - 1];
      const To = Link[i];
      wf = wf.step(`s${i + 1}`, { accepts: [From], returns: [To] }, async (ev) => new To({ n: ev.n + 1 })) as unknown as Loose;
    }
    const End = Link[CHAIN_STEPS - 2];
    return wf.step(`s${CHAIN_STEPS}`, { accepts: [End], returns: [StopEvent] }, async (ev) => new StopEvent({ result: ev.n + 1 })) as unknown as Loose;
  }

  /** Fan-out: the start step sends `n` Work events, a worker answers each with Done, the collector waits for all `n`. */
  function fanOutWorkflow(n: number): Loose {
    // Built once per workflow (one workflow per n), never per event: collectEvents only reads it.
    const expectedDone: (typeof Done)[] = new Array(n).fill(Done);
    return new Workflow({ name: "FanOut" })
      .step("fanOut", { accepts: [StartEvent], returns: [Work] }, async (_ev, ctx) => {
        for (let i = 0; i < n; i++) ctx.sendEvent(new Work({ i }));
      })
      .step("work", { accepts: [Work], returns: [Done] }, async (ev) => new Done({ v: ev.i * 2 }))
      .step("collect", { accepts: [Done], returns: [StopEvent] }, async (ev, ctx) => {
        const all = ctx.collectEvents(ev, expectedDone);
        if (!all) return;
        let sum = 0;
        for (const d of all) sum += d.v;
        return new StopEvent({ result: sum });
      }) as unknown as Loose;
  }

  /** Three steps; `pause` runs in the middle one (W3 memory holds runs there). */
  function threeStepWorkflow(pause?: () => Promise<void>): Loose {
    return new Workflow({ name: "ThreeSteps" })
      .step("first", { accepts: [StartEvent], returns: [Mid] }, async () => new Mid({ n: 1 }))
      .step("second", { accepts: [Mid], returns: [Last] }, async (ev) => {
        if (pause) await pause();
        return new Last({ n: ev.n + 1 });
      })
      .step("third", { accepts: [Last], returns: [StopEvent] }, async (ev) => new StopEvent({ result: ev.n + 1 })) as unknown as Loose;
  }

  async function runAll(wf: Loose, runs: number): Promise<number> {
    const pending: PromiseLike<unknown>[] = new Array(runs);
    for (let r = 0; r < runs; r++) pending[r] = start(wf);
    let sum = 0;
    for (const v of await Promise.all(pending)) sum += v as number;
    return sum;
  }

  const chain = chainWorkflow(options.verbose ?? false);
  const fanOuts = new Map<number, Loose>();
  const three = threeStepWorkflow();
  return {
    name: options.name ?? "weft",
    async chain(runs) {
      let sum = 0;
      for (let r = 0; r < runs; r++) sum += (await start(chain)) as number;
      return sum;
    },
    async fanOut(n) {
      let wf = fanOuts.get(n);
      if (!wf) fanOuts.set(n, (wf = fanOutWorkflow(n)));
      return (await start(wf)) as number;
    },
    concurrent: (runs) => runAll(three, runs),
    hold: (runs, gate, arrived) =>
      runAll(
        threeStepWorkflow(() => {
          arrived();
          return gate;
        }),
        runs,
      ),
  };
}
