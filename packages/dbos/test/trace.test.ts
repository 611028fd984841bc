import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type RunningPostgres } from "@weft/test-support/postgres";
import { DBOSRuntime, type DBOSRuntimeOptions } from "../src/index.js";
import { askOnce, fiveSteps } from "./fixtures/flows.js";

let pg: RunningPostgres;
let dir: string;
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let runtime: DBOSRuntime | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "weft-dbos-trace-"));
  process.env.WEFT_TEST_DIR = dir;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  await runtime?.close().catch(() => undefined);
  await provider.shutdown();
  trace.disable();
  context.disable();
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe("one trace per run across workers", () => {
  it("a queued run's span is a child of its caller's, and the worker that carries it on continues the same trace", async () => {
    const options: DBOSRuntimeOptions = { databaseUrl: pg.url, workflows: [fiveSteps, askOnce], heartbeatMs: 200, deadAfterMs: 1000, pollMs: 50 };
    runtime = await DBOSRuntime.launch(options);
    writeFileSync(join(dir, "hold-3"), "");
    const caller = trace.getTracer("test").startSpan("caller");
    const id = await context.with(trace.setSpan(context.active(), caller), () => runtime!.start("FiveSteps", { id: "t", stepMs: 1 }));
    caller.end();
    const completed = async () => (await runtime!.journal(id)).filter((r) => r.type === "step.completed").length;
    await expect.poll(completed, { timeout: 15_000 }).toBe(2);
    // this worker stops (as a dead one would: its run is left mid-step), and a new worker takes the run over
    await runtime.close();
    runtime = await DBOSRuntime.launch(options);
    rmSync(join(dir, "hold-3"));
    expect(await runtime.result(id)).toEqual({ status: "completed", result: "t=15" });

    const runSpans = exporter.getFinishedSpans().filter((s) => s.name === "invoke_workflow FiveSteps");
    const first = runSpans.find((s) => s.parentSpanContext?.spanId === caller.spanContext().spanId);
    expect(first, "the first execution's run span, a child of the caller's").toBeDefined();
    const resumed = runSpans.find((s) => s.parentSpanContext?.spanId === first!.spanContext().spanId);
    expect(resumed, "the recovered execution's run span, a child of the first").toBeDefined();
    expect(resumed!.spanContext().traceId).toBe(caller.spanContext().traceId);
    const steps = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === caller.spanContext().traceId && s.parentSpanContext?.spanId === resumed!.spanContext().spanId);
    expect(steps.length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
