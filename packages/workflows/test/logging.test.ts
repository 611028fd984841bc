import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { defineEvent, StartEvent, StopEvent, Workflow } from "../src/index.js";
import { inMemoryTracing } from "./tracing-setup.js";

const Joke = defineEvent("LogJoke", { joke: z.string() });
const build = (options: ConstructorParameters<typeof Workflow>[0]) =>
  new Workflow({ name: "LogFlow", ...options })
    .step("generate", { accepts: [StartEvent], returns: [Joke] }, () => new Joke({ joke: "j" }))
    .step("critique", { accepts: [Joke], returns: [StopEvent] }, () => new StopEvent({ result: "c" }));

describe("verbose", () => {
  it("prints step starts, ends and emitted events readably", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    try {
      await build({ verbose: true }).run();
    } finally {
      spy.mockRestore();
    }
    const text = lines.map((l) => l.replace(/\(\d+(\.\d+)?ms\)/, "(Nms)").replace(/run [0-9a-f-]{36}/, "run ID"));
    expect(text).toEqual([
      "[LogFlow] started run ID",
      "[LogFlow] ▶ generate ← StartEvent",
      "[LogFlow]   generate returned LogJoke",
      "[LogFlow] ✓ generate → LogJoke (Nms)",
      "[LogFlow] ▶ critique ← LogJoke",
      "[LogFlow] ✓ critique → StopEvent (Nms)",
      "[LogFlow] run completed",
    ]);
  });

  it("prints nothing when off", async () => {
    const spy = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await build({}).run();
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe("pino logger", () => {
  function capture() {
    const records: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        records.push(JSON.parse(String(chunk)));
        done();
      },
    });
    return { records, logger: pino({ level: "info" }, sink) };
  }

  it("gets the same as structured records", async () => {
    const { records, logger } = capture();
    const handler = build({ logger }).run();
    await handler;
    await new Promise((r) => setImmediate(r));
    expect(records.map((r) => r.msg)).toEqual(["run started", "step started", "event emitted", "step finished", "step started", "step finished", "run completed"]);
    expect(records[1]).toMatchObject({ workflow: "LogFlow", runId: handler.runId, step: "generate", event: "StartEvent", attempt: 1, worker: 0 });
    expect(records[3]).toMatchObject({ step: "generate", produced: "LogJoke" });
    expect(typeof records[3].durationMs).toBe("number");
  });

  it("records carry trace_id and span_id when tracing is on", async () => {
    const tracing = inMemoryTracing();
    try {
      const { records, logger } = capture();
      await build({ logger }).run();
      await new Promise((r) => setImmediate(r));
      const spans = tracing.spans();
      const step = spans.find((s) => s.name === "step generate")!;
      const started = records.find((r) => r.msg === "step started" && r.step === "generate")!;
      expect(started.trace_id).toBe(step.spanContext().traceId);
      expect(started.span_id).toBe(step.spanContext().spanId);
      const run = spans.find((s) => s.name === "invoke_workflow LogFlow")!;
      expect(records[0].span_id).toBe(run.spanContext().spanId);
    } finally {
      tracing.cleanup();
    }
  });

  it("logs a failing step as an error record", async () => {
    const { records, logger } = capture();
    const wf = new Workflow({ name: "LogFail", logger }).step("s", { accepts: [StartEvent], returns: [StopEvent] }, () => {
      throw new Error("bad");
    });
    await wf.run().catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    const failed = records.find((r) => r.msg === "step failed")!;
    expect(failed.level).toBe(50);
    expect((failed.err as { message: string }).message).toBe("bad");
  });
});

afterAll(() => undefined);
