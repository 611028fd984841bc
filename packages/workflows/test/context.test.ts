import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { Context, defineEvent, HumanResponseEvent, InProcessRuntime, InputRequiredEvent, ManualClock, StartEvent, StopEvent, Workflow, WorkflowRuntimeError, WorkflowTimeoutError } from "../src/index.js";

const Tick = defineEvent("CtxTick", { n: z.number() });
const Other = defineEvent("CtxOther", { n: z.number() });

describe("store", () => {
  it("gets and sets keys, with dotted paths and defaults; a missing key throws", async () => {
    const wf = new Workflow({ name: "Store" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      await ctx.store.set("user.profile.name", "Ada");
      await ctx.store.set("count", 1);
      const name = await ctx.store.get("user.profile.name");
      const user = await ctx.store.get("user");
      const fallback = await ctx.store.get("nope", "dflt");
      const missing = await ctx.store.get("nope").catch((e: Error) => e.message);
      return new StopEvent({ result: { name, user, fallback, missing } });
    });
    expect(await wf.run()).toEqual({
      name: "Ada",
      user: { profile: { name: "Ada" } },
      fallback: "dflt",
      missing: 'store.get("nope"): no such key, and no default was given',
    });
  });

  it("snapshots an empty store and state as {} without a JSON round trip, and a filled one as a JSON copy", async () => {
    const ctx = new Context(new Workflow({ name: "Snapshots" }));
    const stringify = vi.spyOn(JSON, "stringify");
    try {
      const empty = ctx.store.snapshot();
      expect(empty).toEqual({ store: {}, state: {} });
      expect(stringify).not.toHaveBeenCalled();
      const value = { n: 1, when: new Date(0) };
      await ctx.store.set("a", value);
      const filled = ctx.store.snapshot();
      expect(filled).toEqual({ store: { a: { n: 1, when: "1970-01-01T00:00:00.000Z" } }, state: {} });
      expect(filled.store.a).not.toBe(value);
      expect(stringify).toHaveBeenCalledTimes(1);
    } finally {
      stringify.mockRestore();
    }
  });

  it("refuses to set a path through a non-object", async () => {
    const ctx = new Context(new Workflow({ name: "X" }));
    await ctx.store.set("a", 1);
    await expect(ctx.store.set("a.b", 2)).rejects.toThrow(/"a" holds a number/);
  });
});

describe("typed state", () => {
  const State = z.object({ count: z.number().default(0), names: z.array(z.string()).default([]) });

  it("starts from the schema's defaults and keeps edits atomic across concurrent steps", async () => {
    const wf = new Workflow({ name: "State", state: State })
      .step("start", { accepts: [StartEvent], returns: [Tick] }, (_ev, ctx) => {
        for (let n = 0; n < 20; n++) ctx.sendEvent(new Tick({ n }));
      })
      .step("add", { accepts: [Tick], returns: [Other], numWorkers: 8 }, async (ev, ctx) => {
        await ctx.store.editState(async (state) => {
          const seen = state.count;
          await new Promise((r) => setTimeout(r, Math.random() * 2));
          state.count = seen + 1;
          state.names.push(`n${ev.n}`);
        });
        return new Other({ n: ev.n });
      })
      .step("done", { accepts: [Other], returns: [StopEvent] }, async (ev, ctx) => {
        if (!ctx.collectEvents(ev, Array(20).fill(Other))) return null;
        return new StopEvent({ result: await ctx.store.getState() });
      });
    const result = (await wf.run()) as z.infer<typeof State>;
    expect(result.count).toBe(20);
    expect(result.names).toHaveLength(20);
  });

  it("getState inside editState reads the committed state; a nested setState or editState fails at once, saying why", async () => {
    const wf = new Workflow({ name: "NestedEdit", timeout: null, state: z.object({ count: z.number().default(0) }) }).step(
      "s",
      { accepts: [StartEvent], returns: [StopEvent] },
      async (_ev, ctx) => {
        const seen: unknown[] = [];
        await ctx.store.editState(async (draft) => {
          draft.count = 5;
          seen.push((await ctx.store.getState()).count);
          seen.push(await ctx.store.setState({ count: 9 }).catch((e: Error) => e.message));
          seen.push(await ctx.store.editState(() => undefined).catch((e: Error) => e.message));
        });
        seen.push((await ctx.store.getState()).count);
        return new StopEvent({ result: seen });
      },
    );
    const nested = "inside an editState/setState callback would wait for that edit to end";
    const [before, set, edit, after] = (await wf.run()) as [number, string, string, number];
    expect(before).toBe(0);
    expect(set).toContain(`store.setState() ${nested}`);
    expect(edit).toContain(`store.editState() ${nested}`);
    expect(after).toBe(5);
  });

  it("validates setState and editState results against the schema, keeping the old state on failure", async () => {
    const ctx = new Context(new Workflow({ name: "S2", state: State }));
    expect(await ctx.store.getState()).toEqual({ count: 0, names: [] });
    await expect(ctx.store.setState({ count: "x" } as never)).rejects.toThrow(/state passed to setState[\s\S]*count/);
    await expect(
      ctx.store.editState((s) => {
        s.count = 5;
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect((await ctx.store.getState()).count).toBe(0);
    await ctx.store.editState((s) => ({ ...s, count: 2 }));
    expect((await ctx.store.getState()).count).toBe(2);
  });

  it("getState returns a copy", async () => {
    const ctx = new Context(new Workflow({ name: "S3", state: State }));
    const s = await ctx.store.getState();
    s.count = 99;
    expect((await ctx.store.getState()).count).toBe(0);
  });

  it("a context reused for a second run keeps its state", async () => {
    const wf = new Workflow({ name: "Counter", state: State }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      const s = await ctx.store.editState((st) => void (st.count += 1));
      return new StopEvent({ result: s.count });
    });
    const ctx = new Context(wf);
    expect(await wf.run({}, { ctx })).toBe(1);
    expect(await wf.run({}, { ctx })).toBe(2);
  });
});

describe("sendEvent", () => {
  it("sends to one named step only", async () => {
    const got: string[] = [];
    const wf = new Workflow({ name: "Targeted" })
      .step("start", { accepts: [StartEvent], returns: [Tick] }, (_ev, ctx) => ctx.sendEvent(new Tick({ n: 1 }), { step: "second" }))
      .step("first", { accepts: [Tick], returns: [StopEvent] }, () => (got.push("first"), new StopEvent({ result: "first" })))
      .step("second", { accepts: [Tick], returns: [StopEvent] }, () => (got.push("second"), new StopEvent({ result: "second" })));
    expect(await wf.run()).toBe("second");
    expect(got).toEqual(["second"]);
  });

  it("names an unknown step, or a step that does not accept the event", async () => {
    const attempt = (step: string) =>
      new Workflow({ name: "BadTarget" })
        .step("start", { accepts: [StartEvent], returns: [Tick] }, (_ev, ctx) => ctx.sendEvent(new Tick({ n: 1 }), { step }))
        .step("ticks", { accepts: [Tick], returns: [StopEvent] }, () => new StopEvent())
        .step("other", { accepts: [Other], returns: [StopEvent] }, () => new StopEvent())
        .step("makesOther", { accepts: [StartEvent], returns: [Other] }, () => undefined)
        .run();
    await expect(attempt("nope")).rejects.toThrow('sendEvent(CtxTick, { step: "nope" }): no such step (steps: start, ticks, other, makesOther)');
    await expect(attempt("other")).rejects.toThrow('sendEvent(CtxTick, { step: "other" }): that step does not accept it (accepts: CtxOther)');
  });

  it("from outside: refused when no run uses the context", () => {
    const ctx = new Context(new Workflow({ name: "Idle" }));
    expect(() => ctx.sendEvent(new Tick({ n: 1 }))).toThrow(WorkflowRuntimeError);
  });
});

describe("collectEvents", () => {
  it("returns null until complete, counts duplicates and keeps the asked order", async () => {
    const snapshots: (string[] | null)[] = [];
    const wf = new Workflow({ name: "Collect" })
      .step("start", { accepts: [StartEvent], returns: [Tick, Other] }, (_ev, ctx) => {
        ctx.sendEvent(new Tick({ n: 1 }));
        ctx.sendEvent(new Other({ n: 2 }));
        ctx.sendEvent(new Tick({ n: 3 }));
      })
      .step("gather", { accepts: [Tick, Other], returns: [StopEvent], numWorkers: 1 }, (ev, ctx) => {
        const got = ctx.collectEvents(ev, [Other, Tick, Tick]);
        snapshots.push(got && got.map((e) => `${e.eventName}:${e.n}`));
        return got ? new StopEvent({ result: got.map((e) => e.n) }) : null;
      });
    expect(await wf.run()).toEqual([2, 1, 3]);
    expect(snapshots).toEqual([null, null, ["CtxOther:2", "CtxTick:1", "CtxTick:3"]]);
  });

  it("keeps buffers per step", async () => {
    const wf = new Workflow({ name: "PerStep" })
      .step("start", { accepts: [StartEvent], returns: [Tick] }, (_ev, ctx) => {
        ctx.sendEvent(new Tick({ n: 1 }));
        ctx.sendEvent(new Tick({ n: 2 }));
      })
      .step("one", { accepts: [Tick], returns: [Other] }, (ev, ctx) => (ctx.collectEvents(ev, [Tick, Tick]) ? new Other({ n: 1 }) : null))
      .step("two", { accepts: [Tick], returns: [Other] }, (ev, ctx) => (ctx.collectEvents(ev, [Tick, Tick]) ? new Other({ n: 2 }) : null))
      .step("end", { accepts: [Other], returns: [StopEvent] }, (ev, ctx) => {
        const both = ctx.collectEvents(ev, [Other, Other]);
        return both ? new StopEvent({ result: both.map((e) => e.n).sort() }) : null;
      });
    expect(await wf.run()).toEqual([1, 2]);
  });
});

describe("waitForEvent", () => {
  it("resolves with the first event that meets the requirements", async () => {
    const wf = new Workflow({ name: "Wait", timeout: 5 }).step("ask", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      const answer = await ctx.waitForEvent(HumanResponseEvent, { requirements: { user: "u2" } });
      return new StopEvent({ result: answer.response });
    });
    const handler = wf.run();
    await new Promise((r) => setTimeout(r, 5));
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "from u1", user: "u1" }));
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "from u2", user: "u2" }));
    expect(await handler).toBe("from u2");
  });

  it("takes an event sent before the wait began", async () => {
    const wf = new Workflow({ name: "Early", timeout: 5 }).step("ask", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      await new Promise((r) => setTimeout(r, 10));
      const answer = await ctx.waitForEvent(HumanResponseEvent);
      return new StopEvent({ result: answer.response });
    });
    const handler = wf.run();
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "early" }));
    expect(await handler).toBe("early");
  });

  it("one event answers every waiter that matches it, as it reaches every step that accepts it", async () => {
    const Answered = defineEvent("CtxAnswered", { branch: z.number(), response: z.string() });
    const wf = new Workflow({ name: "ThreeWaiters", timeout: 5 })
      .step("fork", { accepts: [StartEvent], returns: [Tick] }, (_ev, ctx) => {
        for (let n = 0; n < 3; n++) ctx.sendEvent(new Tick({ n }));
      })
      .step("branch", { accepts: [Tick], returns: [Answered] }, async (ev, ctx) => {
        const answer = await ctx.waitForEvent(HumanResponseEvent, { waiterEvent: new InputRequiredEvent({ prefix: `branch ${ev.n}?` }) });
        return new Answered({ branch: ev.n, response: answer.response });
      })
      .step("join", { accepts: [Answered], returns: [StopEvent] }, (ev, ctx) => {
        const all = ctx.collectEvents(ev, [Answered, Answered, Answered]);
        return all && new StopEvent({ result: all.map((a) => `${a.branch}:${a.response}`).sort() });
      });
    const handler = wf.run();
    let asked = 0;
    for await (const ev of handler.streamEvents()) {
      if (ev instanceof InputRequiredEvent && ++asked === 3) break;
    }
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "yes" }));
    expect(await handler).toEqual(["0:yes", "1:yes", "2:yes"]);
  });

  it("a retried step gets the answer its earlier attempt had, without asking again", async () => {
    const wf = new Workflow({ name: "RetryAfterAnswer", timeout: 5 }).step(
      "ask",
      { accepts: [StartEvent], returns: [StopEvent], retry: { maxAttempts: 2 } },
      async (_ev, ctx) => {
        const answer = await ctx.waitForEvent(HumanResponseEvent, { waiterEvent: new InputRequiredEvent({ prefix: "Name?" }) });
        if (ctx.attempt === 1) throw new Error("lost the connection after the answer");
        return new StopEvent({ result: `${answer.response} on attempt ${ctx.attempt}` });
      },
    );
    const handler = wf.run();
    const questions: string[] = [];
    for await (const ev of handler.streamEvents()) {
      if (!(ev instanceof InputRequiredEvent)) continue;
      questions.push(ev.prefix);
      if (questions.length === 1) handler.ctx.sendEvent(new HumanResponseEvent({ response: "Ada" }));
    }
    expect(await handler).toBe("Ada on attempt 2");
    expect(questions).toEqual(["Name?"]);
  });

  it("fails the step after its timeout, not before", async () => {
    const clock = new ManualClock();
    const wf = new Workflow({ name: "WaitTimeout" }).step("ask", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      await ctx.waitForEvent(HumanResponseEvent, { timeout: 0.02 });
      return new StopEvent();
    });
    let error: unknown;
    const ended = wf.run({}, { runtime: new InProcessRuntime({ clock }) }).then(() => (error = null), (e: unknown) => (error = e));
    await clock.advance(19);
    expect(error).toBeUndefined();
    await clock.advance(1);
    await ended;
    expect(error).toBeInstanceOf(WorkflowTimeoutError);
    expect((error as Error).message).toBe('waitForEvent(HumanResponseEvent) in ask timed out after 0.02s');
  });
});

describe("ctx.signal", () => {
  it("aborts when the run is cancelled, so a long call inside a step stops", async () => {
    let aborted: unknown;
    const wf = new Workflow({ name: "Signal" }).step("long", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => ((aborted = ctx.signal.reason), resolve())));
      return new StopEvent();
    });
    const handler = wf.run();
    await new Promise((r) => setTimeout(r, 5));
    handler.cancel("user left");
    await expect(handler).rejects.toThrow("Run cancelled: user left");
    expect(aborted).toBeInstanceOf(Error);
  });

  it("aborts when the run times out", async () => {
    const clock = new ManualClock();
    let sawAbort = false;
    const wf = new Workflow({ name: "SignalTimeout", timeout: 0.03 }).step("long", { accepts: [StartEvent], returns: [StopEvent] }, async (_ev, ctx) => {
      await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => ((sawAbort = true), resolve())));
      return new StopEvent();
    });
    const handler = wf.run({}, { runtime: new InProcessRuntime({ clock }) });
    const ended = handler.catch((e: unknown) => e);
    await clock.advance(29);
    expect(sawAbort).toBe(false);
    await clock.advance(1);
    expect(await ended).toBeInstanceOf(WorkflowTimeoutError);
    expect(sawAbort).toBe(true);
  });

  it("the signal option cancels the run", async () => {
    const wf = new Workflow({ name: "External" }).step("long", { accepts: [StartEvent], returns: [StopEvent] }, (_ev, ctx) => new Promise((r) => ctx.signal.addEventListener("abort", () => r(undefined))));
    const ac = new AbortController();
    const handler = wf.run({}, { signal: ac.signal });
    ac.abort("stop");
    await expect(handler).rejects.toThrow(/cancelled: stop/);
    const already = new AbortController();
    already.abort();
    await expect(wf.run({}, { signal: already.signal })).rejects.toThrow(/cancelled/);
  });
});

describe("context ownership", () => {
  it("refuses two concurrent runs on one context", async () => {
    const wf = new Workflow({ name: "Busy" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, async () => {
      await new Promise((r) => setTimeout(r, 10));
      return new StopEvent({ result: 1 });
    });
    const ctx = new Context(wf);
    const first = wf.run({}, { ctx });
    expect(() => wf.run({}, { ctx })).toThrow(/in use by run .*two runs cannot share one context/);
    expect(await first).toBe(1);
    expect(await wf.run({}, { ctx })).toBe(1);
  });

  it("refuses a context of another workflow", () => {
    const a = new Workflow({ name: "A" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, () => new StopEvent());
    const b = new Workflow({ name: "B" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, () => new StopEvent());
    expect(() => b.run({}, { ctx: new Context(a) })).toThrow('This context belongs to workflow "A", not "B"');
  });
});
