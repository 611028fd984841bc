import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectTrace, registerTracing, type RegisterTracingOptions, type TracingHandle } from "../src/index.js";
import { withEnv } from "./support/env.js";
import { sampleJokeRun } from "./support/sample-run.js";

// Libraries take their tracer at import time (the engine does), before anything is registered.
const importTimeTracer = trace.getTracer("imported-early");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("registerTracing", () => {
  let memory: InMemorySpanExporter;
  let handle: TracingHandle | undefined;
  let restoreEnv: (() => void) | undefined;
  const register = (options: RegisterTracingOptions = {}) => {
    handle = registerTracing({ exporter: "none", spanProcessors: [new SimpleSpanProcessor(memory)], ...options });
    return handle;
  };
  beforeEach(() => {
    memory = new InMemorySpanExporter();
  });
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
    restoreEnv?.();
    restoreEnv = undefined;
  });

  it("registers a global provider and an AsyncLocalStorage context: spans nest across awaits and parallel branches", async () => {
    register();
    const tracer = trace.getTracer("t");
    await tracer.startActiveSpan("run", async (run) => {
      await Promise.all(
        ["a", "b"].map((name) =>
          tracer.startActiveSpan(`step ${name}`, async (step) => {
            await sleep(5);
            await tracer.startActiveSpan(`llm ${name}`, async (llm) => {
              await sleep(1);
              llm.end();
            });
            step.end();
          }),
        ),
      );
      run.end();
    });
    const t = expectTrace(memory.getFinishedSpans()).toBeOneTrace();
    for (const name of ["a", "b"]) {
      t.toHaveSpan(`step ${name}`, { parent: "run" }).toHaveSpan(`llm ${name}`, { parent: `step ${name}` });
    }
  });

  it("hands a short run's spans to the processors at once: no resource attribute is left pending", async () => {
    register();
    const span = trace.getTracer("t").startSpan("quick");
    span.end();
    // SimpleSpanProcessor exports synchronously unless the resource still has async attributes to wait for.
    expect(memory.getFinishedSpans().map((s) => s.name)).toEqual(["quick"]);
    expect(memory.getFinishedSpans()[0].resource.attributes["host.name"]).toBeTruthy();
  });

  it("sets service name, Phoenix project and extra resource attributes", async () => {
    register({ serviceName: "joke-service", projectName: "jokes", resourceAttributes: { "deployment.environment.name": "test" } });
    trace.getTracer("t").startSpan("x").end();
    await handle!.forceFlush(); // resource detection is asynchronous; spans wait for it
    const [span] = memory.getFinishedSpans();
    expect(span!.resource.attributes).toMatchObject({
      "service.name": "joke-service",
      "openinference.project.name": "jokes",
      "deployment.environment.name": "test",
      "telemetry.sdk.language": "nodejs",
    });
  });

  it("takes the service name from OTEL_SERVICE_NAME when none is given", async () => {
    restoreEnv = withEnv({ OTEL_SERVICE_NAME: "from-env" });
    register();
    trace.getTracer("t").startSpan("x").end();
    await handle!.forceFlush(); // resource detection is asynchronous; spans wait for it
    const [span] = memory.getFinishedSpans();
    expect(span!.resource.attributes["service.name"]).toBe("from-env");
  });

  it("follows OTEL_TRACES_SAMPLER", () => {
    restoreEnv = withEnv({ OTEL_TRACES_SAMPLER: "always_off" });
    register();
    const span = trace.getTracer("t").startSpan("x");
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(memory.getFinishedSpans()).toEqual([]);
  });

  it("follows OTEL_TRACES_SAMPLER_ARG for a ratio sampler", () => {
    restoreEnv = withEnv({ OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "0" });
    register();
    expect(trace.getTracer("t").startSpan("x").isRecording()).toBe(false);
    restoreEnv();
    restoreEnv = withEnv({ OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "1" });
    return handle!.shutdown().then(() => {
      register();
      expect(trace.getTracer("t").startSpan("y").isRecording()).toBe(true);
    });
  });

  it("names a bad OTEL_TRACES_SAMPLER or OTEL_TRACES_SAMPLER_ARG instead of guessing", () => {
    restoreEnv = withEnv({ OTEL_TRACES_SAMPLER: "sometimes" });
    expect(() => register()).toThrow(/OTEL_TRACES_SAMPLER="sometimes" is not one of always_on, always_off, traceidratio/);
    handle = undefined;
    restoreEnv();
    restoreEnv = withEnv({ OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "half" });
    expect(() => register()).toThrow('OTEL_TRACES_SAMPLER_ARG="half" must be a number from 0 to 1');
    handle = undefined;
  });

  it("does nothing under OTEL_SDK_DISABLED", async () => {
    restoreEnv = withEnv({ OTEL_SDK_DISABLED: "true" });
    const disabled = register();
    expect(disabled.enabled).toBe(false);
    expect(trace.getTracer("t").startSpan("x").isRecording()).toBe(false);
    await expect(disabled.forceFlush()).resolves.toBeUndefined();
  });

  it("refuses a second registration until the first is shut down, then allows it", async () => {
    const first = register();
    expect(() => registerTracing({ exporter: "none" })).toThrow(/already registered; call shutdown\(\)/);
    await first.shutdown();
    await first.shutdown(); // idempotent
    expect(trace.getTracer("t").startSpan("after").isRecording()).toBe(false);
    register();
    expect(trace.getTracer("t").startSpan("again").isRecording()).toBe(true);
  });

  it("reports where it exports", () => {
    const h = register({ exporter: "otlp", preset: "phoenix", endpoint: "http://127.0.0.1:1/v1/traces" });
    expect([h.enabled, h.endpoint, h.protocol]).toEqual([true, "http://127.0.0.1:1/v1/traces", "http/protobuf"]);
  });

  it("with the console exporter prints each run as a tree", async () => {
    const printed: string[] = [];
    register({ exporter: "console", console: { write: (text) => printed.push(text) } });
    await sampleJokeRun();
    await handle!.forceFlush();
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^invoke_workflow JokeFlow {2}\d+\.\d ms\n├─ step generateJoke/);
  });

  it("follows OTEL_TRACES_EXPORTER=console when called without options", async () => {
    restoreEnv = withEnv({ OTEL_TRACES_EXPORTER: "console" });
    const writes: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      handle = registerTracing();
      expect(handle.endpoint).toBeUndefined();
      trace.getTracer("t").startSpan("invoke_workflow Solo").end();
      await handle.forceFlush();
    } finally {
      process.stderr.write = original;
    }
    expect(writes.join("")).toMatch(/^invoke_workflow Solo {2}\d+\.\d ms\n$/);
  });

  it("keeps tracers taken at import time working across shutdown and a new registration", async () => {
    const first = register();
    importTimeTracer.startSpan("one").end();
    await first.forceFlush();
    const firstSpans = memory.getFinishedSpans().map((span) => span.name); // shutdown clears the exporter
    await first.shutdown();
    expect(importTimeTracer.startSpan("between").isRecording()).toBe(false);
    memory = new InMemorySpanExporter();
    register();
    importTimeTracer.startSpan("two").end();
    await handle!.forceFlush();
    expect(firstSpans).toEqual(["one"]);
    expect(memory.getFinishedSpans().map((span) => span.name)).toEqual(["two"]);
  });
});
