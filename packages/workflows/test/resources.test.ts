import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it, vi } from "vitest";
import { z } from "zod";
import {
  ConfigError,
  HumanResponseEvent,
  InputRequiredEvent,
  configResource,
  defineEvent,
  resource,
  ResourceError,
  StartEvent,
  StopEvent,
  Workflow,
  WorkflowRuntimeError,
} from "../src/index.js";

const Go = defineEvent("ResGo", { i: z.number() });
const Done = defineEvent("ResDone", { i: z.number() });

class Client {
  static made = 0;
  readonly id = ++Client.made;
  closed = false;
  ask(q: string): string {
    return `client ${this.id}: ${q}`;
  }
}

/** A workflow whose `work` step runs `n` times in parallel, each reporting the resource instance it got. */
function fanOut<T>(res: ReturnType<typeof resource<string, T>>, n: number, pick: (value: T) => unknown) {
  return new Workflow({ name: "Fan" })
    .step("split", { accepts: [StartEvent], returns: [Go] }, (_ev, ctx) => {
      for (let i = 0; i < n; i++) ctx.sendEvent(new Go({ i }));
    })
    .step("work", { accepts: [Go], returns: [Done], resources: { res } }, async (ev, ctx, { res }) => {
      await ctx.store.set(`seen.${ev.i}`, pick(res));
      return new Done({ i: ev.i });
    })
    .step("join", { accepts: [Done], returns: [StopEvent] }, async (ev, ctx) => {
      if (!ctx.collectEvents(ev, Array(n).fill(Done))) return null;
      return new StopEvent({ result: Object.values(await ctx.store.get<Record<string, unknown>>("seen")) });
    });
}

describe("resource scopes", () => {
  it("cached (default): built once per workflow, shared by steps and runs, even when asked for at the same moment", async () => {
    let builds = 0;
    const client = resource("client", async () => {
      builds++;
      await new Promise((r) => setTimeout(r, 5));
      return new Client();
    });
    const wf = fanOut(client, 6, (c) => c.id);
    const [a, b] = await Promise.all([wf.run(), wf.run()]);
    expect(builds).toBe(1);
    expect(new Set([...(a as number[]), ...(b as number[])]).size).toBe(1);
  });

  it("per run: built once per run", async () => {
    let builds = 0;
    const client = resource("client", () => (builds++, new Client()), { scope: "run" });
    const wf = fanOut(client, 4, (c) => c.id);
    const a = (await wf.run()) as number[];
    const b = (await wf.run()) as number[];
    expect(builds).toBe(2);
    expect(new Set(a).size).toBe(1);
    expect(a[0]).not.toBe(b[0]);
  });

  it("cache: false: a fresh one per step call", async () => {
    let builds = 0;
    const client = resource("client", () => (builds++, new Client()), { cache: false });
    const ids = (await fanOut(client, 5, (c) => c.id).run()) as number[];
    expect(builds).toBe(5);
    expect(new Set(ids).size).toBe(5);
  });

  it("factories may use other resources, each built in its own scope", async () => {
    const config = resource("config", () => ({ prefix: "cfg" }));
    let greeterBuilds = 0;
    const greeter = resource("greeter", ({ config }) => (greeterBuilds++, (name: string) => `${config.prefix}:${name}`), { uses: { config }, scope: "run" });
    const wf = new Workflow({ name: "Deps" }).step("s", { accepts: [StartEvent], returns: [StopEvent], resources: { greeter } }, (_ev, _ctx, { greeter }) => new StopEvent({ result: greeter("ada") }));
    expect(await wf.run()).toBe("cfg:ada");
    expect(await wf.run()).toBe("cfg:ada");
    expect(greeterBuilds).toBe(2);
  });

  it("types the handler's resources from the step's declaration", () => {
    const llm = resource("llm", () => new Client());
    new Workflow({ name: "Typed" }).step("s", { accepts: [StartEvent], returns: [StopEvent], resources: { model: llm } }, (_ev, _ctx, res) => {
      expectTypeOf(res.model).toEqualTypeOf<Client>();
      return new StopEvent();
    });
  });
});

describe("disposal", () => {
  it("closes per-call and per-run resources when their call or run ends, cached ones on close()", async () => {
    const closed: string[] = [];
    const perCall = resource("perCall", () => "call", { cache: false, dispose: () => void closed.push("call") });
    const perRun = resource("perRun", () => "run", { scope: "run", dispose: () => void closed.push("run") });
    const cached = resource("cached", () => "cached", { dispose: () => void closed.push("cached") });
    const wf = new Workflow({ name: "Dispose" }).step("s", { accepts: [StartEvent], returns: [StopEvent], resources: { perCall, perRun, cached } }, () => new StopEvent());
    await wf.run();
    await new Promise((r) => setTimeout(r, 5));
    expect(closed.sort()).toEqual(["call", "run"]);
    await wf.close();
    expect(closed).toContain("cached");
  });

  it("Symbol.asyncDispose closes the cached resources", async () => {
    const close = vi.fn();
    const cached = resource("cached", () => 1, { dispose: close });
    {
      await using wf = new Workflow({ name: "Using" }).step("s", { accepts: [StartEvent], returns: [StopEvent], resources: { cached } }, () => new StopEvent());
      await wf.run();
    }
    expect(close).toHaveBeenCalledWith(1);
  });

  it("reports a disposal error without hiding the run's result", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const broken = resource("broken", () => 1, { scope: "run", dispose: () => Promise.reject(new Error("socket stuck")) });
      const wf = new Workflow({ name: "DisposeFail" }).step("s", { accepts: [StartEvent], returns: [StopEvent], resources: { broken } }, () => new StopEvent({ result: "fine" }));
      expect(await wf.run()).toBe("fine");
      await new Promise((r) => setTimeout(r, 10));
      expect(warnings).toEqual(['Disposing resource "broken" failed: socket stuck']);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("close() throws the disposal failures after closing everything", async () => {
    const closed: string[] = [];
    const a = resource("a", () => 1, { dispose: () => void closed.push("a") });
    const b = resource("b", () => 2, { dispose: () => Promise.reject(new Error("b broke")) });
    const wf = new Workflow({ name: "CloseFail" }).step("s", { accepts: [StartEvent], returns: [StopEvent], resources: { a, b } }, () => new StopEvent());
    await wf.run();
    await expect(wf.close()).rejects.toThrow('Disposing resource "b" failed: b broke');
    expect(closed).toEqual(["a"]);
  });
});

describe("overrides", () => {
  const llm = resource("llm", () => new Client());
  const wf = new Workflow({ name: "Override" }).step("s", { accepts: [StartEvent], returns: [StopEvent], resources: { llm } }, (ev, _ctx, { llm }) => new StopEvent({ result: llm.ask(String(ev.q)) }));

  it("replaces a resource for one run with a value or a factory, leaving other runs alone", async () => {
    const mock = { id: 0, closed: false, ask: (q: string) => `mock: ${q}` };
    expect(await wf.run({ q: "hi" }, { resources: { llm: mock } })).toBe("mock: hi");
    expect(await wf.run({ q: "hi" }, { resources: { llm: () => mock } })).toBe("mock: hi");
    expect(await wf.run({ q: "hi" })).toMatch(/^client \d+: hi$/);
  });

  it("withResources: a step added to the copy later gets its events, and the original does not see it", async () => {
    const base = new Workflow({ name: "CopySteps", timeout: 5 }).step(
      "ask",
      { accepts: [StartEvent], returns: [InputRequiredEvent, StopEvent] },
      (ev) => (ev.ask ? new InputRequiredEvent({ prefix: "?" }) : new StopEvent({ result: "no question" })),
    );
    expect(await base.run({ ask: false })).toBe("no question");
    const copy = base.withResources({});
    copy.step("answer", { accepts: [HumanResponseEvent], returns: [StopEvent] }, (ev) => new StopEvent({ result: `answered ${ev.response}` }));
    expect(base.steps.map((s) => s.name)).toEqual(["ask"]);
    const handler = copy.run({ ask: true });
    for await (const ev of handler.streamEvents()) if (ev instanceof InputRequiredEvent) break;
    handler.ctx.sendEvent(new HumanResponseEvent({ response: "yes" }));
    expect(await handler).toBe("answered yes");
  });

  it("withResources: a copy for a whole test suite, the original untouched", async () => {
    // the original has run (and made what its runs share) before the copy is made: the copy makes its own
    expect(await wf.run({ q: "x" })).toMatch(/^client/);
    const mocked = wf.withResources({ llm: { id: 0, closed: false, ask: () => "suite mock" } });
    expect(await mocked.run({ q: "x" })).toBe("suite mock");
    expect(await wf.run({ q: "x" })).toMatch(/^client/);
  });

  it("refuses to override a name the workflow does not use", () => {
    expect(() => wf.run({}, { resources: { nope: 1 } as never })).toThrow(WorkflowRuntimeError);
    expect(() => wf.run({}, { resources: { nope: 1 } as never })).toThrow('run(…, { resources }): workflow "Override" uses no resource named "nope" (its resources: llm)');
    expect(() => wf.withResources({ nope: 1 } as never)).toThrow(/withResources\(\): workflow "Override" uses no resource named "nope"/);
  });

  it("type-checks the replacement against the declared resource", () => {
    // @ts-expect-error a number is not a Client
    expect(() => wf.run({}, { resources: { llm: 5 } }).catch(() => undefined)).not.toThrow();
  });
});

describe("failures", () => {
  it("a failing factory fails the step that needed it, naming the resource", async () => {
    const db = resource("db", () => {
      throw new Error("connection refused");
    });
    const wf = new Workflow({ name: "BadFactory" }).step("query", { accepts: [StartEvent], returns: [StopEvent], resources: { db } }, () => new StopEvent());
    const error = await wf.run().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceError);
    expect((error as ResourceError).resourceName).toBe("db");
    expect((error as Error).message).toBe('Resource "db" failed to build: connection refused');
  });

  it("a failed build is not cached: the next run tries again", async () => {
    let calls = 0;
    const flaky = resource("flaky", () => {
      if (++calls === 1) throw new Error("first time");
      return "ok";
    });
    const wf = new Workflow({ name: "Flaky" }).step("s", { accepts: [StartEvent], returns: [StopEvent], resources: { flaky } }, (_e, _c, { flaky }) => new StopEvent({ result: flaky }));
    await expect(wf.run()).rejects.toThrow(/first time/);
    expect(await wf.run()).toBe("ok");
  });
});

describe("configuration", () => {
  const schema = z.object({ model: z.string(), temperature: z.coerce.number().min(0).max(2).default(0.2) });

  it("builds from values, a JSON file and environment variables, later sources winning", async () => {
    const dir = mkdtempSync(join(tmpdir(), "weft-cfg-"));
    const file = join(dir, "config.json");
    writeFileSync(file, JSON.stringify({ model: "from-file", temperature: 1 }));
    process.env.WEFT_TEST_TEMPERATURE = "0.5";
    try {
      const config = configResource("config", schema, { value: { model: "from-value" }, file, env: "WEFT_TEST_" });
      const wf = new Workflow({ name: "Cfg" }).step("s", { accepts: [StartEvent], returns: [StopEvent], resources: { config } }, (_e, _c, { config }) => new StopEvent({ result: config }));
      expect(await wf.run()).toEqual({ model: "from-file", temperature: 0.5 });
    } finally {
      delete process.env.WEFT_TEST_TEMPERATURE;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives a clear error naming the fields and the sources on invalid config", async () => {
    const config = configResource("config", schema, { env: { model: "WEFT_NO_SUCH_VAR", temperature: "WEFT_TEST_TEMP" } });
    process.env.WEFT_TEST_TEMP = "9";
    try {
      const wf = new Workflow({ name: "BadCfg" }).step("s", { accepts: [StartEvent], returns: [StopEvent], resources: { config } }, () => new StopEvent());
      const error = await wf.run().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(ResourceError);
      expect((error as Error).cause).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('Invalid configuration for "config" (from env WEFT_NO_SUCH_VAR, WEFT_TEST_TEMP)');
      expect((error as Error).message).toMatch(/- model: .*expected string/i);
      expect((error as Error).message).toMatch(/- temperature: .*<=2/i);
    } finally {
      delete process.env.WEFT_TEST_TEMP;
    }
  });
});
