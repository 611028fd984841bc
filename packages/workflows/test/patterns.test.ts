import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, StartEvent, StopEvent, Workflow } from "../src/index.js";

// The patterns of LlamaIndex Workflows' documentation, written in Weft.

describe("linear flow", () => {
  it("passes an event from step to step (the README's MyWorkflow, state kept across runs)", async () => {
    const MyEvent = defineEvent("LinMyEvent", { msg: z.array(z.string()) });
    const wf = new Workflow({ name: "MyWorkflow" })
      .step("start", { accepts: [StartEvent], returns: [MyEvent] }, async (ev, ctx) => {
        const numRuns = (await ctx.store.get("num_runs", 0)) + 1;
        await ctx.store.set("num_runs", numRuns);
        return new MyEvent({ msg: Array(numRuns).fill(ev.input_msg as string) });
      })
      .step("process", { accepts: [MyEvent], returns: [StopEvent] }, (ev) => {
        return new StopEvent({ result: `Processed ${ev.msg.length} times, data length: ${ev.msg.join("").length}` });
      });
    const { Context } = await import("../src/index.js");
    const ctx = new Context(wf);
    expect(await wf.run({ input_msg: "Hello, world!" }, { ctx })).toBe("Processed 1 times, data length: 13");
    expect(await wf.run({ input_msg: "Hello, world!" }, { ctx })).toBe("Processed 2 times, data length: 26");
    expect(await wf.run({ input_msg: "Hello, world!" })).toBe("Processed 1 times, data length: 13");
  });
});

describe("branches", () => {
  const A1 = defineEvent("BranchA1", { payload: z.string() });
  const A2 = defineEvent("BranchA2", { payload: z.string() });
  const B1 = defineEvent("BranchB1", { payload: z.string() });
  const B2 = defineEvent("BranchB2", { payload: z.string() });
  const visited: string[] = [];
  const wf = new Workflow({ name: "BranchWorkflow" })
    .step("start", { accepts: [StartEvent], returns: [A1, B1] }, (ev) => (ev.branch === "a" ? new A1({ payload: "Branch A" }) : new B1({ payload: "Branch B" })))
    .step("stepA1", { accepts: [A1], returns: [A2] }, (ev) => (visited.push("a1"), new A2({ payload: ev.payload })))
    .step("stepB1", { accepts: [B1], returns: [B2] }, (ev) => (visited.push("b1"), new B2({ payload: ev.payload })))
    .step("stepA2", { accepts: [A2], returns: [StopEvent] }, () => (visited.push("a2"), new StopEvent({ result: "Branch A complete." })))
    .step("stepB2", { accepts: [B2], returns: [StopEvent] }, () => (visited.push("b2"), new StopEvent({ result: "Branch B complete." })));

  it("takes only the branch chosen", async () => {
    visited.length = 0;
    expect(await wf.run({ branch: "a" })).toBe("Branch A complete.");
    expect(visited).toEqual(["a1", "a2"]);
    visited.length = 0;
    expect(await wf.run({ branch: "b" })).toBe("Branch B complete.");
    expect(visited).toEqual(["b1", "b2"]);
  });
});

describe("loops", () => {
  it("loops back to a step until a condition holds", async () => {
    const LoopEvent = defineEvent("LoopEvent", { n: z.number() });
    const First = defineEvent("LoopFirst", { n: z.number() });
    const wf = new Workflow({ name: "Loop" })
      .step("stepOne", { accepts: [StartEvent, LoopEvent], returns: [First, LoopEvent] }, (ev) => {
        const n = ev instanceof LoopEvent ? ev.n + 1 : 0;
        return n < 5 ? new LoopEvent({ n }) : new First({ n });
      })
      .step("stepTwo", { accepts: [First], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.n }));
    expect(await wf.run()).toBe(5);
  });
});

describe("fan-out / fan-in", () => {
  it("sends events to parallel workers and collects every result (ConcurrentFlow)", async () => {
    const QA = defineEvent("FanQA", { query: z.string() });
    const QB = defineEvent("FanQB", { query: z.string() });
    const QC = defineEvent("FanQC", { query: z.string() });
    const DoneA = defineEvent("FanDoneA", { result: z.string() });
    const DoneB = defineEvent("FanDoneB", { result: z.string() });
    const DoneC = defineEvent("FanDoneC", { result: z.string() });
    const delays = { A: 15, B: 5, C: 10 };
    const wf = new Workflow({ name: "ConcurrentFlow" })
      .step("start", { accepts: [StartEvent], returns: [QA, QB, QC] }, (_ev, ctx) => {
        ctx.sendEvent(new QA({ query: "Query 1" }));
        ctx.sendEvent(new QB({ query: "Query 2" }));
        ctx.sendEvent(new QC({ query: "Query 3" }));
      })
      .step("stepA", { accepts: [QA], returns: [DoneA] }, async (ev) => (await sleep(delays.A), new DoneA({ result: ev.query })))
      .step("stepB", { accepts: [QB], returns: [DoneB] }, async (ev) => (await sleep(delays.B), new DoneB({ result: ev.query })))
      .step("stepC", { accepts: [QC], returns: [DoneC] }, async (ev) => (await sleep(delays.C), new DoneC({ result: ev.query })))
      .step("stepThree", { accepts: [DoneA, DoneB, DoneC], returns: [StopEvent] }, (ev, ctx) => {
        const all = ctx.collectEvents(ev, [DoneC, DoneA, DoneB]);
        if (!all) return null;
        return new StopEvent({ result: all.map((e) => e.result) });
      });
    // Results arrive B, C, A but come back in the asked order.
    expect(await wf.run()).toEqual(["Query 3", "Query 1", "Query 2"]);
  });

  it("fans out a list of items and collects N results of one type (FanInFanOut)", async () => {
    const Process = defineEvent("FanProcess", { item: z.number() });
    const Result = defineEvent("FanResult", { value: z.number() });
    const wf = new Workflow({ name: "FanInFanOut" })
      .step("initRun", { accepts: [StartEvent], returns: [Process] }, async (ev, ctx) => {
        const items = ev.items as number[];
        await ctx.store.set("num_to_collect", items.length);
        for (const item of items) ctx.sendEvent(new Process({ item }));
      })
      .step("process", { accepts: [Process], returns: [Result], numWorkers: 3 }, async (ev) => {
        await sleep(1);
        return new Result({ value: ev.item * 10 });
      })
      .step("finalize", { accepts: [Result], returns: [StopEvent] }, async (ev, ctx) => {
        const n = await ctx.store.get<number>("num_to_collect");
        const events = ctx.collectEvents(ev, Array(n).fill(Result));
        if (!events) return null;
        return new StopEvent({ result: events.map((e) => (e as InstanceType<typeof Result>).value).sort((a, b) => a - b) });
      });
    expect(await wf.run({ items: [1, 2, 3, 4, 5, 6, 7] })).toEqual([10, 20, 30, 40, 50, 60, 70]);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
