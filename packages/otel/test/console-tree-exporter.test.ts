import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConsoleTreeExporter } from "../src/index.js";
import { sampleJokeRun } from "./support/sample-run.js";

const withoutDurations = (text: string) => text.replace(/\d+\.\d ms/g, "N ms");

describe("ConsoleTreeExporter", () => {
  let printed: string[];
  let provider: BasicTracerProvider;
  let exporter: ConsoleTreeExporter;
  beforeEach(() => {
    printed = [];
    exporter = new ConsoleTreeExporter({ write: (text) => printed.push(text) });
    provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  afterEach(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  it("prints one tree per run, when the run's root span ends", async () => {
    const tracer = trace.getTracer("t");
    await tracer.startActiveSpan("invoke_workflow Demo", async (run) => {
      await tracer.startActiveSpan("step one", async (step) => {
        step.end();
      });
      expect(printed).toEqual([]); // children wait for their root
      run.end();
    });
    expect(printed).toHaveLength(1);
    expect(withoutDurations(printed[0]!)).toBe(["invoke_workflow Demo  N ms", "└─ step one  N ms"].join("\n"));
  });

  it("prints the whole joke run with events, LLM calls and token counts", async () => {
    await sampleJokeRun();
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain("│  ├─ → JokeEvent");
    expect(printed[0]).toContain("tokens=30 in/90 out");
  });

  it("keeps concurrent runs apart", async () => {
    await Promise.all([sampleJokeRun(), sampleJokeRun({ fail: true })]);
    expect(printed).toHaveLength(2);
    for (const tree of printed) expect(tree.split("\n")).toHaveLength(6);
    expect(printed.filter((tree) => tree.includes("ERROR: critic unavailable"))).toHaveLength(1);
  });

  it("prints a span that ends after its root on its own, marked as late", () => {
    const tracer = trace.getTracer("t");
    const root = tracer.startSpan("invoke_workflow Demo");
    const background = tracer.startSpan("step background", {}, trace.setSpan(context.active(), root));
    root.end();
    background.end();
    expect(printed).toHaveLength(2);
    expect(withoutDurations(printed[1]!)).toBe("(ended after its run) step background  N ms");
  });

  it("prints what is still waiting for its root at shutdown, marked incomplete", async () => {
    const tracer = trace.getTracer("t");
    const root = tracer.startSpan("invoke_workflow Never");
    tracer.startSpan("step done", {}, trace.setSpan(context.active(), root)).end();
    expect(printed).toEqual([]);
    await exporter.shutdown();
    expect(withoutDurations(printed.join("\n"))).toBe("(incomplete: its root has not ended) step done  N ms");
  });

  it("bounds the spans it holds, printing the oldest trace early instead of growing", () => {
    const bounded: string[] = [];
    const small = new ConsoleTreeExporter({ write: (text) => bounded.push(text), maxPendingSpans: 2 });
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(small)] }).getTracer("t");
    const roots = [tracer.startSpan("a"), tracer.startSpan("b")];
    for (const root of roots) {
      tracer.startSpan(`child of ${root.constructor.name}`, {}, trace.setSpan(context.active(), root)).end();
    }
    expect(bounded).toEqual([]);
    tracer.startSpan("third child", {}, trace.setSpan(context.active(), roots[0]!)).end();
    expect(bounded).toHaveLength(1);
    expect(bounded[0]).toMatch(/^\(incomplete: its root has not ended\) /);
  });
});
