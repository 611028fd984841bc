import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, InProcessRuntime, MemoryJournal, StartEvent, StopEvent, Workflow, type JournalRecord } from "../src/index.js";

// Every prefix of a run's journal, rebuilt and carried on, must end as the uninterrupted run did, with each step
// execution completed exactly once across the prefix and the continuation.

const Item = defineEvent("RebuildItem", { n: z.number() });
const Squared = defineEvent("RebuildSquared", { n: z.number() });

function fanInFlow() {
  return new Workflow({ name: "RebuildFanIn", timeout: 5 })
    .step("split", { accepts: [StartEvent], returns: [Item] }, (ev) => (ev.items as number[]).map((n) => new Item({ n })))
    .step("square", { accepts: [Item], returns: [Squared], numWorkers: 2, retry: { maxAttempts: 2 } }, async (ev, ctx) => {
      // item 2 fails on its first attempt: the retry decision is in the journal
      if (ev.n === 2 && ctx.attempt === 1) throw new Error("flaky square");
      // a store edit travels with the step's completion (an idempotent one: see the README on edits of steps in flight)
      await ctx.store.set(`squared.${ev.n}`, ev.n * ev.n);
      return new Squared({ n: ev.n * ev.n });
    })
    .step("sum", { accepts: [Squared], returns: [StopEvent] }, async (ev, ctx) => {
      const all = ctx.collectEvents(ev, [Squared, Squared, Squared]);
      if (!all) return null;
      const stored = await ctx.store.get<Record<string, number>>("squared");
      return new StopEvent({ result: { sum: all.reduce((a, b) => a + b.n, 0), stored } });
    });
}

const completions = (records: readonly JournalRecord[]) => records.filter((r) => r.type === "step.completed").length;

async function journaled(wf: Workflow, run: (runtime: InProcessRuntime) => PromiseLike<unknown>) {
  const journal = new MemoryJournal();
  const result = await run(new InProcessRuntime({ journal: () => journal }));
  return { result, records: journal.records };
}

describe("rebuilding a run from its journal", () => {
  it("every prefix, rebuilt and carried on, gives the same result and runs no completed step again", async () => {
    const original = await journaled(fanInFlow(), (runtime) => fanInFlow().run({ items: [1, 2, 3] }, { runtime }));
    const expected = { sum: 14, stored: { 1: 1, 2: 4, 3: 9 } };
    expect(original.result).toEqual(expected);
    const total = completions(original.records);
    for (let cut = 1; cut <= original.records.length; cut++) {
      const prefix = original.records.slice(0, cut);
      const wf = fanInFlow();
      const continued = await journaled(wf, (runtime) => wf.rebuild(prefix, { runtime }));
      expect(continued.result, `cut after record ${cut} (${prefix[cut - 1].type})`).toEqual(expected);
      expect(completions(prefix) + completions(continued.records), `completions, cut after ${cut}`).toBe(total);
      expect(continued.records[0]?.seq ?? cut + 1).toBe(cut + 1);
    }
  });

  it("refuses a journal that does not start with run.started, is of another workflow, or has gaps", () => {
    const wf = fanInFlow();
    expect(() => wf.rebuild([])).toThrow("rebuild(): a journal starts with a run.started record (got no records)");
    const started = { seq: 1, at: 0, type: "run.started", runId: "r", workflow: "Other", resumed: false } as const;
    expect(() => wf.rebuild([started])).toThrow('rebuild(): the journal is of workflow "Other", not "RebuildFanIn"');
    expect(() => wf.rebuild([{ ...started, workflow: "RebuildFanIn", seq: 2 }])).toThrow("rebuild(): record 1 has seq 2");
  });
});

describe("rebuilding a run that wrote an undeclared event to its stream", () => {
  it("restores the entry (the workflow's own registry does not know its class) and carries the run on", async () => {
    const Aside = defineEvent("RebuildAside", { text: z.string() });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const flow = new Workflow({ name: "RebuildAsides", timeout: 5 })
      .step("note", { accepts: [StartEvent], returns: [Item] }, (_ev, ctx) => {
        ctx.writeEventToStream(new Aside({ text: "not in any step's returns" }));
        return new Item({ n: 1 });
      })
      .step("wait", { accepts: [Item], returns: [StopEvent] }, async () => {
        await gate;
        return new StopEvent({ result: "done" });
      });
    const journal = new MemoryJournal();
    const first = flow.run({}, { runtime: new InProcessRuntime({ journal: () => journal }) });
    await expect.poll(() => journal.records.some((r) => r.type === "step.started" && r.step === "wait")).toBe(true);
    const records = [...journal.records];
    release();
    await first;

    const rebuilt = flow.rebuild(records, { runtime: new InProcessRuntime({ journal: () => new MemoryJournal() }) });
    expect(await rebuilt).toBe("done");
    const entries = [];
    for await (const e of rebuilt.streamEntries()) entries.push([e.seq, e.event.eventName]);
    expect(entries).toEqual([
      [1, "RebuildAside"],
      [2, "StopEvent"],
    ]);
  });
});
