import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { Context, defineEvent, HumanResponseEvent, InProcessRuntime, InputRequiredEvent, ManualClock, StartEvent, StopEvent, Workflow } from "../src/index.js";
import { inMemoryTracing } from "./tracing-setup.js";

const tracing = inMemoryTracing();
afterAll(() => tracing.cleanup());
beforeEach(() => tracing.reset());

const Joke = defineEvent("TraceJoke", { joke: z.string() });
const Part = defineEvent("TracePart", { i: z.number() });
const Done = defineEvent("TraceDone", { i: z.number() });

const llmTracer = trace.getTracer("fake-llm");
const jokeFlow = new Workflow({ name: "JokeFlow" })
  .step("generateJoke", { accepts: [StartEvent], returns: [Joke] }, async (ev, ctx) => {
    // A stand-in for an LLM call: its span must nest under this step's span.
    await llmTracer.startActiveSpan("chat fake", async (span) => {
      await new Promise((r) => setTimeout(r, 1));
      span.end();
    });
    ctx.writeEventToStream(new Joke({ joke: `about ${ev.topic}` }));
    return new Joke({ joke: `about ${ev.topic}` });
  })
  .step("critiqueJoke", { accepts: [Joke], returns: [StopEvent] }, (ev) => new StopEvent({ result: `critique of ${ev.joke}` }));

const byName = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
const one = (spans: ReadableSpan[], name: string) => {
  const found = byName(spans, name);
  expect(found, `exactly one span named ${name}`).toHaveLength(1);
  return found[0];
};
const parentId = (s: ReadableSpan) => s.parentSpanContext?.spanId;

describe("tracing", () => {
  it("makes one tree per run: run span, a span per step under it, LLM spans under their step", async () => {
    const outer = trace.getTracer("app").startSpan("request");
    const { context: ctxApi } = await import("@opentelemetry/api");
    await ctxApi.with(trace.setSpan(ctxApi.active(), outer), () => jokeFlow.run({ topic: "pirates" }));
    outer.end();
    const spans = tracing.spans();
    const run = one(spans, "invoke_workflow JokeFlow");
    const gen = one(spans, "step generateJoke");
    const crit = one(spans, "step critiqueJoke");
    const llm = one(spans, "chat fake");
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(parentId(run)).toBe(outer.spanContext().spanId);
    expect(parentId(gen)).toBe(run.spanContext().spanId);
    expect(parentId(crit)).toBe(run.spanContext().spanId);
    expect(parentId(llm)).toBe(gen.spanContext().spanId);
    expect(run.kind).toBe(SpanKind.INTERNAL);
  });

  it("puts OpenInference, GenAI and weft attributes on run and step spans", async () => {
    const handler = jokeFlow.run({ topic: "cats" }, { sessionId: "s-1", metadata: { user: "u" } });
    await handler;
    const spans = tracing.spans();
    const run = one(spans, "invoke_workflow JokeFlow");
    expect(run.attributes).toMatchObject({
      "openinference.span.kind": "CHAIN",
      "gen_ai.operation.name": "invoke_workflow",
      "gen_ai.workflow.name": "JokeFlow",
      "weft.workflow.name": "JokeFlow",
      "weft.run.id": handler.runId,
      "session.id": "s-1",
      metadata: '{"user":"u"}',
      "input.mime_type": "application/json",
      "output.value": "critique of about cats",
      "output.mime_type": "text/plain",
      "weft.run.status": "completed",
    });
    expect(JSON.parse(run.attributes["input.value"] as string)).toMatchObject({ type: "StartEvent", data: { topic: "cats" } });
    expect(run.status.code).toBe(SpanStatusCode.OK);
    const crit = one(spans, "step critiqueJoke");
    expect(crit.attributes).toMatchObject({
      "openinference.span.kind": "CHAIN",
      "weft.step.name": "critiqueJoke",
      "weft.step.attempt": 1,
      "weft.step.worker": 0,
      "weft.event.input.type": "TraceJoke",
      "weft.run.id": handler.runId,
      "input.value": '{"joke":"about cats"}',
      "output.value": '{"result":"critique of about cats"}',
    });
  });

  it("records emitted events on the emitting step and links the consumer to the producer", async () => {
    await jokeFlow.run({ topic: "dogs" });
    const spans = tracing.spans();
    const gen = one(spans, "step generateJoke");
    const crit = one(spans, "step critiqueJoke");
    const emitted = gen.events.filter((e) => e.name === "weft.event");
    expect(emitted.map((e) => e.attributes?.["weft.event.kind"])).toEqual(["stream", "returned"]);
    expect(emitted[1].attributes).toMatchObject({ "weft.event.type": "TraceJoke", "weft.event.payload": '{"joke":"about dogs"}' });
    expect(crit.links).toHaveLength(1);
    expect(crit.links[0].context.spanId).toBe(gen.spanContext().spanId);
    expect(crit.links[0].attributes?.["weft.event.id"]).toBe(emitted[1].attributes?.["weft.event.id"]);
  });

  it("links only to producing steps: events from the run itself come from the consumer's parent", async () => {
    const wf = new Workflow({ name: "Asked", timeout: 5 })
      .step("ask", { accepts: [StartEvent], returns: [InputRequiredEvent] }, () => new InputRequiredEvent({ prefix: "?" }))
      .step("answer", { accepts: [HumanResponseEvent], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.response }));
    const handler = wf.run();
    for await (const ev of handler.streamEvents()) if (ev instanceof InputRequiredEvent) handler.ctx.sendEvent(new HumanResponseEvent({ response: "yes" }));
    await handler;
    const spans = tracing.spans();
    const run = one(spans, "invoke_workflow Asked");
    for (const name of ["step ask", "step answer"]) {
      const step = one(spans, name);
      expect(parentId(step)).toBe(run.spanContext().spanId);
      expect(step.links).toEqual([]);
    }
  });

  it("links parallel consumers to the span that sent their event", async () => {
    const wf = new Workflow({ name: "Fan" })
      .step("split", { accepts: [StartEvent], returns: [Part] }, (_ev, ctx) => {
        for (let i = 0; i < 3; i++) ctx.sendEvent(new Part({ i }));
      })
      .step("work", { accepts: [Part], returns: [Done] }, (ev) => new Done({ i: ev.i }))
      .step("join", { accepts: [Done], returns: [StopEvent] }, (ev, ctx) => (ctx.collectEvents(ev, [Done, Done, Done]) ? new StopEvent() : null));
    await wf.run();
    const spans = tracing.spans();
    const split = one(spans, "step split");
    const works = byName(spans, "step work");
    expect(works).toHaveLength(3);
    for (const w of works) expect(w.links[0].context.spanId).toBe(split.spanContext().spanId);
    const joins = byName(spans, "step join");
    expect(new Set(joins.map((j) => j.links[0].context.spanId))).toEqual(new Set(works.map((w) => w.spanContext().spanId)));
    expect(split.events.filter((e) => e.attributes?.["weft.event.kind"] === "sent")).toHaveLength(3);
  });

  it("keeps each overlapping step's events and child spans on its own span, whatever order they end in", async () => {
    // Parts 0–2 start together; 0 ends first, so 3 starts while 1 and 2 still run; then 3, 2 and 1 end in that order.
    let release2!: () => void;
    let release1!: () => void;
    const gate2 = new Promise<void>((resolve) => (release2 = resolve));
    const gate1 = new Promise<void>((resolve) => (release1 = resolve));
    const wf = new Workflow({ name: "Overlap" })
      .step("split", { accepts: [StartEvent], returns: [Part] }, (_ev, ctx) => {
        for (let i = 0; i < 4; i++) ctx.sendEvent(new Part({ i }));
      })
      .step("work", { accepts: [Part], returns: [Done], numWorkers: 3 }, async (ev, ctx) => {
        if (ev.i === 2) await gate2;
        if (ev.i === 1) await gate1;
        await llmTracer.startActiveSpan(`chat ${ev.i}`, async (span) => span.end());
        ctx.writeEventToStream(new Done({ i: ev.i }));
        if (ev.i === 3) release2();
        if (ev.i === 2) release1();
        return new Done({ i: ev.i });
      })
      .step("join", { accepts: [Done], returns: [StopEvent] }, (ev, ctx) => (ctx.collectEvents(ev, [Done, Done, Done, Done]) ? new StopEvent() : null));
    await wf.run();
    const spans = tracing.spans();
    const works = byName(spans, "step work");
    expect(works.map((w) => JSON.parse(w.attributes["input.value"] as string).i)).toEqual([0, 3, 2, 1]);
    for (const w of works) {
      const i = JSON.parse(w.attributes["input.value"] as string).i as number;
      expect(parentId(one(spans, `chat ${i}`))).toBe(w.spanContext().spanId);
      const payloads = w.events.map((e) => [e.attributes?.["weft.event.kind"], e.attributes?.["weft.event.payload"]]);
      expect(payloads).toEqual([
        ["stream", `{"i":${i}}`],
        ["returned", `{"i":${i}}`],
      ]);
      expect(w.attributes["output.value"]).toBe(`{"i":${i}}`);
    }
  });

  it("marks a failing attempt and the run ERROR with the exception, one span per retry attempt", async () => {
    const wf = new Workflow({ name: "Failing" }).step("flaky", { accepts: [StartEvent], returns: [StopEvent], retry: { maxAttempts: 2 } }, () => {
      throw new Error("nope");
    });
    await expect(wf.run()).rejects.toThrow("nope");
    const spans = tracing.spans();
    const attempts = byName(spans, "step flaky");
    expect(attempts.map((s) => s.attributes["weft.step.attempt"])).toEqual([1, 2]);
    expect(attempts[0].attributes["weft.step.will_retry"]).toBe(true);
    for (const s of attempts) {
      expect(s.status).toEqual({ code: SpanStatusCode.ERROR, message: "nope" });
      expect(s.events.some((e) => e.name === "exception" && e.attributes?.["exception.message"] === "nope")).toBe(true);
    }
    const run = one(spans, "invoke_workflow Failing");
    expect(run.status.code).toBe(SpanStatusCode.ERROR);
    expect(run.attributes["weft.run.status"]).toBe("failed");
  });

  it("ends the spans of steps still running when the run fails, marked abandoned, once", async () => {
    let release!: () => void;
    const slowDone = new Promise<void>((resolve) => (release = resolve));
    const wf = new Workflow({ name: "Abandons" })
      .step("fanOut", { accepts: [StartEvent], returns: [Part] }, (_ev, ctx) => {
        ctx.sendEvent(new Part({ i: 1 }));
        ctx.sendEvent(new Part({ i: 2 }));
      })
      .step("work", { accepts: [Part], returns: [StopEvent], numWorkers: 2 }, async (ev) => {
        if (ev.i === 1) throw new Error("first part broke");
        await slowDone;
        return new StopEvent({ result: "late" });
      });
    await expect(wf.run()).rejects.toThrow("first part broke");
    const whenRunEnded = byName(tracing.spans(), "step work");
    expect(whenRunEnded).toHaveLength(2);
    const abandoned = whenRunEnded.find((s) => s.attributes["weft.step.abandoned"] === true);
    expect(abandoned?.attributes["weft.event.input.type"]).toBe("TracePart");
    expect(abandoned?.status.code).not.toBe(SpanStatusCode.ERROR);
    release();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // the late finish ends nothing twice and adds no span
    expect(byName(tracing.spans(), "step work")).toHaveLength(2);
  });

  it("ends a cancelled run and a run waiting for human input without ERROR", async () => {
    const wf = new Workflow({ name: "Hitl", timeout: 0.05 })
      .step("ask", { accepts: [StartEvent], returns: [InputRequiredEvent] }, () => new InputRequiredEvent({ prefix: "?" }))
      .step("answer", { accepts: [HumanResponseEvent], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.response }));
    const cancelled = wf.run();
    for await (const ev of cancelled.streamEvents()) if (ev instanceof InputRequiredEvent) break;
    cancelled.cancel();
    await cancelled.catch(() => undefined);
    const clock = new ManualClock();
    const timedOut = wf.run({}, { runtime: new InProcessRuntime({ clock }) }).catch(() => undefined);
    await clock.advance(50); // times out while waiting for the human
    await timedOut;
    const runs = byName(tracing.spans(), "invoke_workflow Hitl");
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.status.code).not.toBe(SpanStatusCode.ERROR);
      expect(run.attributes["weft.run.waiting_for_input"]).toBe(true);
    }
    expect(runs.map((r) => r.attributes["weft.run.status"]).sort()).toEqual(["cancelled", "failed"]);
  });

  it("continues the same trace when a serialized run resumes", async () => {
    const wf = new Workflow({ name: "Resumable", timeout: null })
      .step("ask", { accepts: [StartEvent], returns: [InputRequiredEvent] }, () => new InputRequiredEvent({ prefix: "?" }))
      .step("answer", { accepts: [HumanResponseEvent], returns: [StopEvent] }, (ev) => new StopEvent({ result: ev.response }));
    const first = wf.run();
    for await (const ev of first.streamEvents()) if (ev instanceof InputRequiredEvent) break;
    const dict = JSON.parse(JSON.stringify(first.ctx.toDict()));
    expect(dict.run.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    first.cancel();
    await first.catch(() => undefined);
    const resumed = wf.run(undefined, { ctx: Context.fromDict(wf, dict) });
    resumed.ctx.sendEvent(new HumanResponseEvent({ response: "ok" }));
    await resumed;
    const runs = byName(tracing.spans(), "invoke_workflow Resumable");
    expect(runs).toHaveLength(2);
    const [original, continued] = runs;
    expect(continued.spanContext().traceId).toBe(original.spanContext().traceId);
    expect(parentId(continued)).toBe(original.spanContext().spanId);
    expect(continued.attributes["weft.run.resumed"]).toBe(true);
    expect(continued.links[0].context.spanId).toBe(original.spanContext().spanId);
  });

  it("hides inputs and outputs when asked, and truncates long values", async () => {
    const hidden = new Workflow({ name: "Hidden", tracing: { hideInputs: true, hideOutputs: true } })
      .step("s", { accepts: [StartEvent], returns: [StopEvent] }, () => new StopEvent({ result: "secret" }));
    await hidden.run({ password: "hunter2" });
    const run = one(tracing.spans(), "invoke_workflow Hidden");
    expect(run.attributes["input.value"]).toBe("__REDACTED__");
    expect(run.attributes["output.value"]).toBe("__REDACTED__");
    expect(JSON.stringify(tracing.spans().map((s) => [s.attributes, s.events]))).not.toMatch(/hunter2|secret/);

    tracing.reset();
    process.env.OPENINFERENCE_HIDE_INPUTS = "true";
    try {
      await new Workflow({ name: "EnvHidden" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, () => new StopEvent()).run({ password: "x" });
    } finally {
      delete process.env.OPENINFERENCE_HIDE_INPUTS;
    }
    expect(one(tracing.spans(), "invoke_workflow EnvHidden").attributes["input.value"]).toBe("__REDACTED__");

    tracing.reset();
    const long = new Workflow({ name: "Long", tracing: { maxValueLength: 20 } }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, () => new StopEvent({ result: "x".repeat(100) }));
    await long.run();
    expect(one(tracing.spans(), "invoke_workflow Long").attributes["output.value"]).toBe(`${"x".repeat(20)}…[truncated 80 chars]`);
  });
});

describe("tracing off", () => {
  it("creates no spans and still runs when no provider is registered", async () => {
    trace.disable();
    try {
      expect(await jokeFlow.run({ topic: "x" })).toBe("critique of about x");
    } finally {
      inMemoryTracing();
    }
  });
});

describe("provider registered after the engine loaded", () => {
  it("still records spans: the tracer is looked up per run", async () => {
    tracing.cleanup();
    const again = inMemoryTracing();
    await jokeFlow.run({ topic: "late" });
    expect(again.spans().map((s) => s.name)).toContain("invoke_workflow JokeFlow");
  });

  it("asks a provider for Weft's tracer once, not per run, and asks the next provider registered", async () => {
    tracing.cleanup();
    const first = inMemoryTracing();
    const asked = vi.spyOn(first.provider, "getTracer");
    for (let i = 0; i < 3; i++) await jokeFlow.run({ topic: "again" });
    expect(asked.mock.calls.filter(([name]) => name === "@weft/workflows")).toHaveLength(1);
    expect(byName(first.spans(), "invoke_workflow JokeFlow")).toHaveLength(3);
    first.cleanup();
    const second = inMemoryTracing();
    await jokeFlow.run({ topic: "next" });
    expect(byName(second.spans(), "invoke_workflow JokeFlow")).toHaveLength(1);
    expect(byName(first.spans(), "invoke_workflow JokeFlow")).toHaveLength(3);
  });

  it("a run whose start throws (metadata that is not JSON) names the metadata and leaves its context free", async () => {
    const wf = new Workflow({ name: "BadMetadata" }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, () => new StopEvent({ result: "ok" }));
    const ctx = new Context(wf);
    expect(() => wf.run({}, { ctx, metadata: { n: 1n } })).toThrow(/run\(…, \{ metadata \}\): the metadata must be JSON/);
    expect(ctx.isRunning).toBe(false);
    expect(await wf.run({}, { ctx })).toBe("ok");
  });
});
