import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Context, ContextSerializationError, defineEvent, HumanResponseEvent, StartEvent, StopEvent, Workflow } from "../src/index.js";

const Asked = defineEvent("FitAsked", { q: z.string() });
const Note = defineEvent("FitNote", { text: z.string() });

const flow = new Workflow({ name: "Fit", timeout: 5 })
  .step("start", { accepts: [StartEvent], returns: [Asked] }, () => new Asked({ q: "name?" }))
  .step("wait", { accepts: [Asked], returns: [StopEvent] }, async (ev, ctx) => {
    const answer = await ctx.waitForEvent(HumanResponseEvent);
    return new StopEvent({ result: `${ev.q} ${answer.response}` });
  });

function dictWith(run: Record<string, unknown>) {
  return {
    version: 1,
    workflow: "Fit",
    state: {},
    store: {},
    run: { runId: "r1", queues: {}, collectBuffers: {}, waiters: [], parked: [], ...run },
  };
}

function refusal(run: Record<string, unknown>): string {
  try {
    Context.fromDict(flow, dictWith(run));
  } catch (error) {
    expect(error).toBeInstanceOf(ContextSerializationError);
    return (error as Error).message;
  }
  throw new Error("expected the snapshot to be refused");
}

const ev = (type: string, data: Record<string, unknown>, id = "e1") => ({ type, id, data });

describe("a snapshot's events must fit the steps they are queued for", () => {
  it("refuses an event queued to a step that does not accept it", () => {
    expect(refusal({ queues: { wait: [ev("StartEvent", { topic: "x" })] } })).toContain('queues.wait[0]: step "wait" does not accept StartEvent (accepts: FitAsked)');
  });

  it("refuses a forged StopEvent, queued to any step", () => {
    const message = refusal({ queues: { start: [ev("StopEvent", { result: "forged" })] } });
    expect(message).toContain('queues.start[0]: step "start" does not accept StopEvent');
  });

  it("refuses a collected event the step does not accept", () => {
    expect(refusal({ collectBuffers: { wait: [ev("StartEvent", {})] } })).toContain('collectBuffers.wait[0]: step "wait" does not accept StartEvent');
  });

  it("refuses a parked event that would have gone to a step, or that ends the run", () => {
    expect(refusal({ parked: [ev("FitAsked", { q: "?" })] })).toContain('parked[0]: a FitAsked goes to step "wait"');
    expect(refusal({ parked: [ev("StopEvent", { result: "forged" })] })).toContain("parked[0]: a StopEvent is never kept for a waiter");
  });

  it("refuses a waiter of another step or an unknown one", () => {
    expect(refusal({ waiters: [{ id: "start:e1:1", step: "wait", eventType: "HumanResponseEvent" }] })).toContain('waiters[0]: id "start:e1:1" is not an id of step "wait"');
    expect(refusal({ waiters: [{ id: "ghost:e1:1", step: "ghost", eventType: "" }] })).toContain('waiters[0]: step "ghost" does not exist');
  });

  it("lists every misfit, each with where it is", () => {
    const message = refusal({ queues: { wait: [ev("StartEvent", {}), ev("StopEvent", {}, "e2")] }, parked: [ev("Nope", {})] });
    expect(message.split("\n").filter((l) => l.startsWith("  - "))).toHaveLength(3);
  });

  it("resumes a snapshot that fits, parked answers included: the structure is checked, not who wrote it", async () => {
    // a parked HumanResponseEvent is a real state (an answer that came before its question), so only a signature
    // (toDict({ key })) tells a pre-filled answer from a real one; see snapshot-signature.test.ts
    const ctx = Context.fromDict(flow, dictWith({ queues: { wait: [ev("FitAsked", { q: "name?" })] }, parked: [ev("HumanResponseEvent", { response: "Ada" })] }));
    await expect(flow.run(undefined, { ctx })).resolves.toBe("name? Ada");
  });
});

describe("collectEvents keeps what a snapshot can restore", () => {
  it("refuses to collect an event its step does not accept", async () => {
    const wf = new Workflow({ name: "CollectOther", timeout: 5 })
      .step("start", { accepts: [StartEvent], returns: [Asked] }, () => new Asked({ q: "?" }))
      .step("gather", { accepts: [Asked], returns: [StopEvent] }, (e, ctx) => {
        // a Note built in the step, not one it was given
        const got = ctx.collectEvents(new Note({ text: "not mine" }), [Note, Asked]);
        return got && new StopEvent({ result: e.q });
      });
    await expect(wf.run()).rejects.toThrow('collectEvents(FitNote) in step "gather": that step does not accept it (accepts: FitAsked)');
  });
});
