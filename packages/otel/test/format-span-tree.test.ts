import { context, trace } from "@opentelemetry/api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestTracing, formatSpanTree, type TestTracing } from "../src/index.js";
import { sampleJokeRun } from "./support/sample-run.js";

const withoutDurations = (text: string) => text.replace(/\d+\.\d ms/g, "N ms");

describe("formatSpanTree", () => {
  let tracing: TestTracing;
  beforeEach(() => {
    tracing = createTestTracing();
  });
  afterEach(() => tracing.shutdown());

  it("draws the run, its steps in start order, their LLM calls and emitted events, with key attributes", async () => {
    await sampleJokeRun();
    // The exporter receives spans in end order (children first); the tree must not depend on it.
    const text = formatSpanTree(tracing.spans());
    expect(withoutDurations(text)).toBe(
      [
        "invoke_workflow JokeFlow  N ms",
        "├─ step generateJoke  N ms  in=StartEvent",
        "│  ├─ → JokeEvent",
        "│  └─ chat gpt-4.1-mini  N ms  tokens=12 in/40 out  finish=stop",
        "└─ step critiqueJoke  N ms  in=JokeEvent",
        "   └─ chat gpt-4.1-mini  N ms  tokens=30 in/90 out",
      ].join("\n"),
    );
  });

  it("shows error status and message on the failing spans", async () => {
    await sampleJokeRun({ fail: true });
    const lines = withoutDurations(formatSpanTree(tracing.spans())).split("\n");
    expect(lines[0]).toBe("invoke_workflow JokeFlow  N ms  ERROR: critic unavailable");
    expect(lines[4]).toBe("└─ step critiqueJoke  N ms  in=JokeEvent  ERROR: critic unavailable");
  });

  it("prints durations in milliseconds", async () => {
    await sampleJokeRun();
    expect(formatSpanTree(tracing.spans()).split("\n")[0]).toMatch(/^invoke_workflow JokeFlow {2}\d+\.\d ms$/);
  });

  it("can leave events out, shows retries and models not in the span name", () => {
    const tracer = trace.getTracer("t");
    tracer.startActiveSpan("step flaky", { attributes: { "weft.step.name": "flaky", "weft.step.attempt": 2 } }, (step) => {
      const llm = tracer.startSpan("complete", { attributes: { "gen_ai.request.model": "m-1" } });
      llm.end();
      step.addEvent("weft.event", { "weft.event.type": "Done" });
      step.end();
    });
    const text = withoutDurations(formatSpanTree(tracing.spans(), { showEvents: false }));
    expect(text).toBe(["step flaky  N ms  attempt=2", "└─ complete  N ms  model=m-1"].join("\n"));
  });

  it("renders spans whose parent is missing as roots of their own, and an empty list as empty text", () => {
    const tracer = trace.getTracer("t");
    const parent = tracer.startSpan("parent");
    const child = tracer.startSpan("child", {}, trace.setSpan(context.active(), parent));
    child.end();
    parent.end();
    const onlyChild = tracing.spans().filter((s) => s.name === "child");
    expect(withoutDurations(formatSpanTree(onlyChild))).toBe("child  N ms");
    expect(formatSpanTree([])).toBe("");
  });
});
