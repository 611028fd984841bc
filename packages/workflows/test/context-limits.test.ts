import { describe, expect, it } from "vitest";
import { Context, ContextLimitError, ContextSerializationError, DEFAULT_CONTEXT_LIMITS, StartEvent, StopEvent, Workflow } from "../src/index.js";

/** `{ n: { n: … } }` nested `depth` keys deep, built without recursion. */
function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { n: value };
  return value;
}

const deepPath = (depth: number) => Array(depth).fill("n").join(".");

function dictOf(workflow: string, store: unknown, state: unknown = {}, run: unknown = null) {
  return { version: 1, workflow, state, store, run };
}

async function rejection(promise: Promise<unknown>): Promise<ContextLimitError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ContextLimitError);
  return error as ContextLimitError;
}

describe("depth and size limits of the store and state", () => {
  const small = new Workflow({ name: "Limits", contextLimits: { maxDepth: 8, maxSize: 1_000 } });

  it("has sane defaults", () => {
    expect(DEFAULT_CONTEXT_LIMITS).toEqual({ maxDepth: 100, maxSize: 16 * 1024 * 1024 });
    expect(new Workflow({ name: "D" }).contextLimits).toEqual(DEFAULT_CONTEXT_LIMITS);
  });

  it("fromDict refuses a store nested 100,000 deep, naming the path, without a stack overflow", () => {
    const wf = new Workflow({ name: "Deep" });
    let error: unknown;
    try {
      Context.fromDict(wf, dictOf("Deep", { deep: nested(100_000) }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContextSerializationError);
    expect((error as Error).message).toContain(`store.deep.${deepPath(99)}`);
    expect((error as Error).message).toContain("maxDepth 100");
    expect((error as Error).cause).toBeInstanceOf(ContextLimitError);
  });

  it("store.set refuses a value that nests deeper than maxDepth and keeps the store as it was", async () => {
    const ctx = new Context(small);
    await ctx.store.set("a", { kept: true });
    const error = await rejection(ctx.store.set("a.b", nested(7)));
    expect(error.limit).toBe("maxDepth");
    expect(error.path).toBe(`a.b.${deepPath(7)}`);
    expect(error.message).toContain('"a.b.n.n.n.n.n.n.n"');
    expect(await ctx.store.get("a")).toEqual({ kept: true });
    await ctx.store.set("a.b", nested(6)); // exactly maxDepth keys to the leaf
    expect(await ctx.store.get(`a.b.${deepPath(6)}`)).toBe(1);
  });

  it("a dotted set through new objects counts its own segments and leaves nothing behind when refused", async () => {
    const ctx = new Context(small);
    await expect(ctx.store.set("x.y.z", nested(6))).rejects.toBeInstanceOf(ContextLimitError);
    expect(await ctx.store.get("x", "absent")).toBe("absent");
  });

  it("store.set refuses a value that makes the store bigger than maxSize, counting every key", async () => {
    const ctx = new Context(small);
    expect((await rejection(ctx.store.set("big", "x".repeat(1_000)))).limit).toBe("maxSize");
    await ctx.store.set("one", "x".repeat(450));
    await ctx.store.set("one", "x".repeat(460)); // replacing a value frees its old size
    const error = await rejection(ctx.store.set("two", "y".repeat(600)));
    expect(error.message).toMatch(/store.*maxSize 1000/);
    expect(await ctx.store.get("two", "absent")).toBe("absent");
    await ctx.store.set("two", "y".repeat(400));
    expect(JSON.stringify(ctx.toDict().store).length).toBeLessThanOrEqual(1_000);
  });

  it("store.set refuses a cycle, which JSON cannot hold", async () => {
    const ctx = new Context(small);
    const loop: Record<string, unknown> = { name: "loop" };
    loop.self = loop;
    const error = await rejection(ctx.store.set("loop", loop));
    expect(error.limit).toBe("cycle");
    expect(error.message).toContain('"loop.self"');
  });

  it("setState and editState refuse a state deeper than maxDepth and keep the old state", async () => {
    const ctx = new Context(small);
    await ctx.store.setState({ ok: 1 });
    expect((await rejection(ctx.store.setState({ deep: nested(8) }))).path).toBe(`deep.${deepPath(8)}`);
    await expect(ctx.store.editState((s) => void (s.deep = nested(20)))).rejects.toBeInstanceOf(ContextLimitError);
    await expect(ctx.store.setState({ big: "z".repeat(2_000) })).rejects.toThrow(/state.*maxSize/);
    expect(await ctx.store.getState()).toEqual({ ok: 1 });
  });

  it("is symmetric: what fits round-trips through toDict and fromDict, one level more is refused by both", async () => {
    const ctx = new Context(small);
    await ctx.store.set("fits", nested(7));
    const again = Context.fromDict(small, JSON.parse(JSON.stringify(ctx.toDict())));
    expect(await again.store.get("fits")).toEqual(nested(7));
    expect(() => Context.fromDict(small, dictOf("Limits", { fits: nested(8) }))).toThrow(ContextSerializationError);
    expect(() => Context.fromDict(small, dictOf("Limits", {}, { s: "z".repeat(2_000) }))).toThrow(/state.*maxSize/);
  });

  it("toDict names a value mutated in place beyond the limits instead of overflowing the stack", async () => {
    const wf = new Workflow({ name: "Mutated" });
    const ctx = new Context(wf);
    const holder: Record<string, unknown> = {};
    await ctx.store.set("holder", holder);
    holder.deep = nested(10_000);
    let error: unknown;
    try {
      ctx.toDict();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContextLimitError);
    expect((error as ContextLimitError).path.startsWith("store.holder.deep.n.n")).toBe(true);
  });

  it("checks the events of a run the same way, in toDict and in fromDict", async () => {
    let release!: () => void;
    const wait = new Promise<void>((r) => (release = r));
    const wf = new Workflow({ name: "DeepEvent", timeout: 5, contextLimits: { maxDepth: 8 } }).step(
      "s",
      { accepts: [StartEvent], returns: [StopEvent] },
      async () => {
        await wait;
        return new StopEvent({ result: "done" });
      },
    );
    const handler = wf.run({ payload: nested(9) });
    await new Promise((r) => setTimeout(r, 0));
    expect(() => handler.ctx.toDict()).toThrow(/run\.queues\.s\.0\.data\.payload\.n/);
    release();
    await handler;
    const run = { runId: "r", queues: { s: [{ type: "StartEvent", id: "e", data: { payload: nested(9) } }] }, collectBuffers: {}, waiters: [], parked: [] };
    expect(() => Context.fromDict(wf, dictOf("DeepEvent", {}, {}, run))).toThrow(/run\.queues\.s\.0\.data\.payload\.n.*maxDepth 8/);
  });

  it("refuses limits that cannot work", () => {
    expect(() => new Workflow({ name: "Bad", contextLimits: { maxDepth: 0 } })).toThrow(/contextLimits\.maxDepth/);
    expect(() => new Workflow({ name: "Bad", contextLimits: { maxDepth: 5_000 } })).toThrow(/contextLimits\.maxDepth.*1000/);
    expect(() => new Workflow({ name: "Bad", contextLimits: { maxSize: -1 } })).toThrow(/contextLimits\.maxSize/);
  });
});
