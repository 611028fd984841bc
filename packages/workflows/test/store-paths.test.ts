import { afterEach, describe, expect, it } from "vitest";
import { Context, StoreKeyError, Workflow, WorkflowRuntimeError } from "../src/index.js";

const polluted = ["p1", "p2", "p3", "p4", "isAdmin"];
afterEach(() => {
  // a failing run of these tests must not leave the pollution behind for the other tests of the worker
  for (const key of polluted) delete (Object.prototype as Record<string, unknown>)[key];
});

function freshContext() {
  return new Context(new Workflow({ name: "StorePaths" }));
}

describe("store paths never walk inherited properties", () => {
  it.each([
    ["__proto__.p1", "__proto__"],
    ["user.__proto__.p2", "__proto__"],
    ["a.b.__proto__.p3", "__proto__"],
    ["constructor.prototype.p4", "constructor"],
    ["a.prototype", "prototype"],
    ["__proto__", "__proto__"],
  ])("set(%j) is refused with an error naming the key and the segment", async (key, segment) => {
    const ctx = freshContext();
    await ctx.store.set("user", { name: "Ada" });
    await ctx.store.set("a", { b: {} });
    const error = await ctx.store.set(key, "X").then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(StoreKeyError);
    expect(error).toBeInstanceOf(WorkflowRuntimeError);
    expect((error as StoreKeyError).key).toBe(key);
    expect((error as StoreKeyError).segment).toBe(segment);
    expect((error as Error).message).toContain(`"${key}"`);
    expect((error as Error).message).toContain(`"${segment}"`);
    for (const p of polluted) expect(({} as Record<string, unknown>)[p]).toBeUndefined();
    expect(await ctx.store.get("user")).toEqual({ name: "Ada" });
  });

  it("get refuses the same segments instead of reading inherited members", async () => {
    const ctx = freshContext();
    await expect(ctx.store.get("__proto__")).rejects.toBeInstanceOf(StoreKeyError);
    await expect(ctx.store.get("constructor", "dflt")).rejects.toThrow(/"constructor"/);
    await expect(ctx.store.get("toString", "dflt")).resolves.toBe("dflt");
    await expect(ctx.store.get("hasOwnProperty")).rejects.toThrow(/no such key/);
  });

  it("does not walk into an inherited member on the way to a key", async () => {
    const ctx = freshContext();
    // "toString" is inherited by every object: the path must create an own object, not write into the function
    await ctx.store.set("toString.x", 1);
    expect(await ctx.store.get("toString")).toEqual({ x: 1 });
    expect(typeof Object.prototype.toString).toBe("function");
    expect((Object.prototype.toString as unknown as Record<string, unknown>).x).toBeUndefined();
  });

  it("refuses empty segments, which no careful key has", async () => {
    const ctx = freshContext();
    await expect(ctx.store.set("a..b", 1)).rejects.toThrow(/"a\.\.b".*empty segment/);
    await expect(ctx.store.set("", 1)).rejects.toBeInstanceOf(StoreKeyError);
  });

  it("a store restored by fromDict cannot be polluted through its keys either", async () => {
    const wf = new Workflow({ name: "StorePaths" });
    const dict = JSON.parse('{"version":1,"workflow":"StorePaths","state":{},"store":{"__proto__":{"isAdmin":true},"ok":1},"run":null}');
    const ctx = Context.fromDict(wf, dict);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(await ctx.store.get("ok")).toBe(1);
    expect(await ctx.store.get("isAdmin", "none")).toBe("none");
  });
});
