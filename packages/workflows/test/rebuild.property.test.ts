import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, InProcessRuntime, MemoryJournal, StartEvent, StopEvent, Workflow, type JournalRecord } from "../src/index.js";

// Random workflows (a loop, then a fan-out with retries and a chain per item, then a fan-in), each run once with a
// journal; then every prefix of that journal is rebuilt and carried on. Each must end as the uninterrupted run did,
// and a completed run must have each step execution completed once across the prefix and its continuation.
// CI runs 1,000 cases on a fixed seed; a longer run: WEFT_PROPERTY_RUNS=20000 WEFT_PROPERTY_SEED=$RANDOM npx vitest run test/rebuild.property.test.ts

const RUNS = Number(process.env.WEFT_PROPERTY_RUNS ?? 1000);
const SEED = Number(process.env.WEFT_PROPERTY_SEED ?? 20261201);

const Loop = defineEvent("PropLoop", { left: z.number() });
const Item = defineEvent("PropItem", { n: z.number(), hop: z.number() });
const Done = defineEvent("PropDone", { n: z.number() });

interface Shape {
  loops: number;
  /** Per item, how many of its first attempts fail (3 or more fails the run: maxAttempts is 3). */
  failures: number[];
  hops: number;
  workers: number;
}

function build({ loops, failures, hops, workers }: Shape) {
  const expected = failures.map(() => Done);
  return new Workflow({ name: "PropFlow", timeout: 10 })
    .step("begin", { accepts: [StartEvent], returns: [Loop] }, () => new Loop({ left: loops }))
    .step("loop", { accepts: [Loop], returns: [Loop, Item] }, (ev) =>
      ev.left > 0 ? new Loop({ left: ev.left - 1 }) : failures.map((_, n) => new Item({ n, hop: 0 })),
    )
    .step("work", { accepts: [Item], returns: [Item, Done], numWorkers: workers, retry: { maxAttempts: 3 } }, async (ev, ctx) => {
      if (ev.hop === 0 && ctx.attempt <= failures[ev.n]) throw new Error("an item failed for good");
      await ctx.store.set(`hops.${ev.n}`, ev.hop);
      return ev.hop < hops ? new Item({ n: ev.n, hop: ev.hop + 1 }) : new Done({ n: ev.n });
    })
    .step("join", { accepts: [Done], returns: [StopEvent] }, async (ev, ctx) => {
      const all = ctx.collectEvents(ev, expected);
      if (!all) return null;
      return new StopEvent({ result: { done: all.map((d) => d.n).sort(), hops: await ctx.store.get("hops") } });
    });
}

async function outcome(run: (runtime: InProcessRuntime) => PromiseLike<unknown>) {
  const journal = new MemoryJournal();
  const result = await run(new InProcessRuntime({ journal: () => journal })).then(
    (value) => ({ value }),
    (error: unknown) => ({ error: (error as Error).message }),
  );
  return { result, records: journal.records };
}

const completions = (records: readonly JournalRecord[]) => records.filter((r) => r.type === "step.completed").length;

const shapes = fc.record({
  loops: fc.integer({ min: 0, max: 3 }),
  failures: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
  hops: fc.integer({ min: 0, max: 2 }),
  workers: fc.integer({ min: 1, max: 3 }),
});

describe("rebuild, as a property", () => {
  it(`${RUNS} random workflows, each journal cut after every record, rebuilt and carried on, end as the uninterrupted run`, async () => {
    await fc.assert(
      fc.asyncProperty(shapes, async (shape) => {
        const original = await outcome((runtime) => build(shape).run({}, { runtime }));
        for (let cut = 1; cut <= original.records.length; cut++) {
          const prefix = original.records.slice(0, cut);
          const continued = await outcome((runtime) => build(shape).rebuild(prefix, { runtime }));
          expect(continued.result, `cut after record ${cut}`).toEqual(original.result);
          if ("value" in original.result) expect(completions(prefix) + completions(continued.records)).toBe(completions(original.records));
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 600_000);
});
