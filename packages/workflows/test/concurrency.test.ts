import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, StartEvent, StopEvent, Workflow } from "../src/index.js";

const Job = defineEvent("ConcJob", { i: z.number() });
const JobDone = defineEvent("ConcJobDone", { i: z.number() });

function pool(numWorkers: number | undefined, jobs: number, track: { now: number; max: number }) {
  return new Workflow({ name: "Pool" })
    .step("fanOut", { accepts: [StartEvent], returns: [Job] }, (_ev, ctx) => {
      for (let i = 0; i < jobs; i++) ctx.sendEvent(new Job({ i }));
    })
    .step("work", { accepts: [Job], returns: [JobDone], numWorkers }, async (ev) => {
      track.now++;
      track.max = Math.max(track.max, track.now);
      await new Promise((r) => setTimeout(r, 2));
      track.now--;
      return new JobDone({ i: ev.i });
    })
    .step("collect", { accepts: [JobDone], returns: [StopEvent] }, (ev, ctx) => {
      const all = ctx.collectEvents(ev, Array(jobs).fill(JobDone));
      return all ? new StopEvent({ result: all.length }) : null;
    });
}

describe("concurrency", () => {
  it("bounds concurrent executions of a step by numWorkers", async () => {
    const track = { now: 0, max: 0 };
    expect(await pool(3, 20, track).run()).toBe(20);
    expect(track.max).toBe(3);
  });

  it("defaults to 4 workers per step", async () => {
    const track = { now: 0, max: 0 };
    expect(await pool(undefined, 12, track).run()).toBe(12);
    expect(track.max).toBe(4);
  });

  it("runs each worker slot with a distinct worker number", async () => {
    const workers = new Set<number>();
    const wf = new Workflow({ name: "Workers" })
      .step("fanOut", { accepts: [StartEvent], returns: [Job] }, (_ev, ctx) => {
        for (let i = 0; i < 6; i++) ctx.sendEvent(new Job({ i }));
      })
      .step("work", { accepts: [Job], returns: [JobDone], numWorkers: 2 }, async (ev, ctx) => {
        workers.add(ctx.worker);
        await new Promise((r) => setTimeout(r, 1));
        return new JobDone({ i: ev.i });
      })
      .step("collect", { accepts: [JobDone], returns: [StopEvent] }, (ev, ctx) => (ctx.collectEvents(ev, Array(6).fill(JobDone)) ? new StopEvent() : null));
    await wf.run();
    expect([...workers].sort()).toEqual([0, 1]);
  });

  it("keeps a busy step from starving another: both make progress", async () => {
    const Slow = defineEvent("ConcSlow", {});
    const Quick = defineEvent("ConcQuick", {});
    const order: string[] = [];
    const wf = new Workflow({ name: "Fair" })
      .step("start", { accepts: [StartEvent], returns: [Slow, Quick] }, (_ev, ctx) => {
        for (let i = 0; i < 50; i++) ctx.sendEvent(new Slow());
        ctx.sendEvent(new Quick());
      })
      .step("slow", { accepts: [Slow], returns: [], numWorkers: 1 }, async () => {
        order.push("slow");
        await new Promise((r) => setTimeout(r, 1));
      })
      .step("quick", { accepts: [Quick], returns: [StopEvent] }, () => {
        order.push("quick");
        return new StopEvent();
      });
    await wf.run();
    // The quick step is not queued behind the 50 events of the slow step.
    expect(order.indexOf("quick")).toBeLessThan(3);
  });

  it("runs many runs of one workflow concurrently and independently", async () => {
    const wf = new Workflow({ name: "Independent" })
      .step("a", { accepts: [StartEvent], returns: [Job] }, async (ev, ctx) => {
        await ctx.store.set("mine", ev.n);
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        return new Job({ i: ev.n as number });
      })
      .step("b", { accepts: [Job], returns: [StopEvent] }, async (ev, ctx) => new StopEvent({ result: [ev.i, await ctx.store.get("mine")] }));
    const results = await Promise.all(Array.from({ length: 50 }, (_, n) => wf.run({ n })));
    expect(results).toEqual(Array.from({ length: 50 }, (_, n) => [n, n]));
  });

  it("drains its queues: nothing queued is kept once consumed", async () => {
    const track = { now: 0, max: 0 };
    const handler = pool(2, 100, track).run();
    await handler;
    const run = (handler as unknown as { run: { state: { slots: Map<string, { queue: { length: number } }>; active: Set<unknown> } } }).run;
    for (const slot of run.state.slots.values()) expect(slot.queue?.length ?? 0).toBe(0);
    expect(run.state.active.size).toBe(0);
  });
});
