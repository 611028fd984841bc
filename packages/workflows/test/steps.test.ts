import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineEvent, Event, StartEvent, StopEvent, Workflow, WorkflowRuntimeError } from "../src/index.js";

const A = defineEvent("StepsA", { n: z.number() });
const B = defineEvent("StepsB", { n: z.number() });
const Undeclared = defineEvent("StepsUndeclared", {});

describe("steps", () => {
  it("runs sync and async handlers alike", async () => {
    const wf = new Workflow({ name: "SyncAsync" })
      .step("sync", { accepts: [StartEvent], returns: [A] }, () => new A({ n: 1 }))
      .step("async", { accepts: [A], returns: [StopEvent] }, async (ev) => {
        await new Promise((r) => setTimeout(r, 1));
        return new StopEvent({ result: ev.n + 1 });
      });
    expect(await wf.run()).toBe(2);
  });

  it("a step returning an array of events fans out: each goes on, in order", async () => {
    const wf = new Workflow({ name: "FanOutArray", timeout: null })
      .step("fork", { accepts: [StartEvent], returns: [A] }, () => [1, 2, 3].map((n) => new A({ n })))
      .step("square", { accepts: [A], returns: [B] }, (ev) => new B({ n: ev.n * ev.n }))
      .step("join", { accepts: [B], returns: [StopEvent] }, (ev, ctx) => {
        const all = ctx.collectEvents(ev, [B, B, B]);
        return all && new StopEvent({ result: all.map((b) => b.n).sort((x, y) => x - y) });
      });
    expect(await wf.run()).toEqual([1, 4, 9]);
  });

  it("an array holding an undeclared event or a non-event fails the run naming the item, and sends none of it", async () => {
    const sent: number[] = [];
    const wf = new Workflow({ name: "FanOutBad", timeout: null })
      .step("fork", { accepts: [StartEvent], returns: [A] }, () => [new A({ n: 1 }), new Undeclared() as never])
      .step("work", { accepts: [A], returns: [StopEvent] }, (ev) => {
        sent.push(ev.n);
        return new StopEvent();
      });
    await expect(wf.run()).rejects.toThrow('Step "fork" returned StepsUndeclared (item 1 of the array it returned), which it does not declare (returns: StepsA)');
    expect(sent).toEqual([]);
  });

  it("fires a step with several accepted types once per event", async () => {
    const calls: string[] = [];
    const wf = new Workflow({ name: "Multi" })
      .step("start", { accepts: [StartEvent], returns: [A, B] }, (_ev, ctx) => {
        ctx.sendEvent(new A({ n: 1 }));
        ctx.sendEvent(new B({ n: 2 }));
      })
      .step("both", { accepts: [A, B], returns: [StopEvent] }, (ev, ctx) => {
        calls.push(ev.eventName);
        const got = ctx.collectEvents(ev, [A, B]);
        return got ? new StopEvent({ result: got.map((e) => e.n) }) : null;
      });
    expect(await wf.run()).toEqual([1, 2]);
    expect(calls.sort()).toEqual(["StepsA", "StepsB"]);
  });

  it("fails the run naming the step and the type when a step returns an undeclared event", async () => {
    const wf = new Workflow({ name: "Undeclared" })
      .step("start", { accepts: [StartEvent], returns: [A] }, () => new Undeclared() as never)
      .step("end", { accepts: [A], returns: [StopEvent] }, () => new StopEvent());
    const error = await wf.run().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowRuntimeError);
    expect((error as Error).message).toBe('Step "start" returned StepsUndeclared, which it does not declare (returns: StepsA)');
  });

  it("fails the run when a step returns something that is not an event", async () => {
    const wf = new Workflow({ name: "NotEvent" })
      .step("start", { accepts: [StartEvent], returns: [A] }, () => ({ n: 1 }) as never)
      .step("end", { accepts: [A], returns: [StopEvent] }, () => new StopEvent());
    await expect(wf.run()).rejects.toThrow('Step "start" returned an object of class Object, not an event');
  });

  it("treats returning nothing as producing no event", async () => {
    const wf = new Workflow({ name: "Nothing" })
      .step("start", { accepts: [StartEvent], returns: [A] }, (_ev, ctx) => {
        ctx.sendEvent(new A({ n: 7 }));
      })
      .step("end", { accepts: [A], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.n }));
    expect(await wf.run()).toBe(7);
  });

  it("refuses a step that sends an event it does not declare", async () => {
    const wf = new Workflow({ name: "SendUndeclared" })
      .step("start", { accepts: [StartEvent], returns: [A] }, (_ev, ctx) => {
        ctx.sendEvent(new B({ n: 1 }));
      })
      .step("end", { accepts: [A, B], returns: [StopEvent] }, () => new StopEvent())
      .step("b", { accepts: [StartEvent], returns: [B] }, () => undefined);
    await expect(wf.run()).rejects.toThrow('Step "start" sent StepsB, which it does not declare (returns: StepsA)');
  });

  it("rejects bad step configuration at once, naming the step", () => {
    const wf = new Workflow({ name: "Bad" });
    expect(() => wf.step("x", { accepts: [{}] as never, returns: [] }, () => undefined)).toThrow(/Step "x".*accepts\[0\] is not an event class/);
    expect(() => wf.step("y", { accepts: [StartEvent], returns: [], numWorkers: 0 }, () => undefined)).toThrow(/Step "y".*numWorkers/);
    expect(() => wf.step("z", { accepts: [StartEvent], returns: [], retry: { maxAttempts: 0 } }, () => undefined)).toThrow(/maxAttempts/);
    expect(() => new Workflow({ timeout: -1 })).toThrow(/timeout/);
  });

  it("accepts a start event instance or fields, and validates typed input", async () => {
    const wf = new Workflow({ name: "Input" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.x }));
    expect(await wf.run({ x: 1 })).toBe(1);
    expect(await wf.run(new StartEvent({ x: 2 }))).toBe(2);
    expect(() => wf.run(5 as never)).toThrow(/input must be an object/);
    expect(new Event()).toBeInstanceOf(Event);
  });
});
