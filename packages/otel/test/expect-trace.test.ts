import { SpanKind, trace } from "@opentelemetry/api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestTracing, expectTrace, TraceAssertionError, type TestTracing } from "../src/index.js";
import { sampleJokeRun } from "./support/sample-run.js";

function failureOf(assertion: () => unknown): TraceAssertionError {
  try {
    assertion();
  } catch (error) {
    expect(error).toBeInstanceOf(TraceAssertionError);
    return error as TraceAssertionError;
  }
  throw new Error("expected the assertion to fail, but it passed");
}

describe("createTestTracing + expectTrace", () => {
  let tracing: TestTracing;
  beforeEach(() => {
    tracing = createTestTracing();
  });
  afterEach(() => tracing.shutdown());

  it("passes on a well-formed run, chaining every assertion", async () => {
    await sampleJokeRun();
    expectTrace(tracing.spans())
      .toBeOneTrace()
      .toHaveRun("JokeFlow")
      .toHaveStep("generateJoke", { attempts: 1, workflow: "JokeFlow" })
      .toHaveStep("critiqueJoke")
      .toHaveLLMCall({ step: "critiqueJoke", model: "gpt-4.1-mini" })
      .toHaveLLMCall({ count: 2 })
      .toHaveSpan("step critiqueJoke", { parent: "invoke_workflow JokeFlow", kind: SpanKind.INTERNAL })
      .toHaveSpan(/^chat /, { kind: SpanKind.CLIENT })
      .toHaveAttribute("step generateJoke", "weft.step.name", "generateJoke")
      .toHaveAttribute(/^chat/, "gen_ai.response.finish_reasons", ["stop"])
      .toHaveAttribute("invoke_workflow JokeFlow", "weft.workflow.name", /Joke/)
      .toHaveEvent("step generateJoke", "weft.event", { "weft.event.type": "JokeEvent" })
      .toHaveLink("step critiqueJoke", "step generateJoke")
      .toHaveNoErrors()
      .toHaveSpanCount(5)
      .toHaveSpanCount(2, (span) => span.kind === SpanKind.CLIENT);
  });

  it("fails with a message naming what was expected and printing the tree", async () => {
    await sampleJokeRun();
    const error = failureOf(() => expectTrace(tracing.spans()).toHaveStep("tellJoke"));
    expect(error.message).toMatch(/^expectTrace: expected a step "tellJoke", but no span for it was collected\./);
    expect(error.message).toContain("Collected spans (5):");
    expect(error.message).toContain("├─ step generateJoke");
  });

  it("fails each assertion when the trace does not have that shape", async () => {
    await sampleJokeRun({ fail: true });
    const spans = tracing.spans();
    const t = () => expectTrace(spans);
    expect(failureOf(() => t().toHaveRun("OtherFlow")).message).toMatch(/workflow run span for "OtherFlow"/);
    expect(failureOf(() => t().toHaveStep("generateJoke", { attempts: 2 })).message).toMatch(/run 2 time\(s\), but it has 1/);
    expect(failureOf(() => t().toHaveLLMCall({ step: "generateJoke", model: "gpt-5" })).message).toMatch(
      /an LLM call to model "gpt-5" under step "generateJoke"/,
    );
    expect(failureOf(() => t().toHaveLLMCall({ count: 3 })).message).toMatch(/expected 3 × an LLM call, but found 2/);
    expect(failureOf(() => t().toHaveSpan("step critiqueJoke", { parent: "step generateJoke" })).message).toMatch(
      /whose parent is a span "step generateJoke"/,
    );
    expect(failureOf(() => t().toHaveSpan("step critiqueJoke", { kind: SpanKind.SERVER })).message).toMatch(/of kind 1/);
    expect(failureOf(() => t().toHaveAttribute("step generateJoke", "weft.step.name", "other")).message).toMatch(
      /"weft.step.name" = "other", but it has "generateJoke"/,
    );
    expect(failureOf(() => t().toHaveAttribute("step generateJoke", "missing")).message).toMatch(/but it has null/);
    expect(failureOf(() => t().toHaveEvent("step critiqueJoke", "weft.event")).message).toMatch(/an event "weft.event"/);
    expect(failureOf(() => t().toHaveLink("step generateJoke", "step critiqueJoke")).message).toMatch(/linking to/);
    expect(failureOf(() => t().toHaveNoErrors()).message).toMatch(/"invoke_workflow JokeFlow", "step critiqueJoke"|"step critiqueJoke", "invoke_workflow JokeFlow"/);
    expect(failureOf(() => t().toHaveError("step generateJoke")).message).toMatch(/with status ERROR, but there is none/);
    expect(failureOf(() => t().toHaveError("step critiqueJoke", /timeout/)).message).toMatch(/"critic unavailable"/);
    expect(failureOf(() => t().toHaveSpanCount(4)).message).toMatch(/expected 4 span\(s\), but found 5/);
    expect(failureOf(() => t().span("nope")).message).toMatch(/expected a span "nope", but there is none/);
  });

  it("asserts error status with the message", async () => {
    await sampleJokeRun({ fail: true });
    expectTrace(tracing.spans()).toHaveError().toHaveError("step critiqueJoke", "critic unavailable").toHaveError(/^invoke/, /critic/);
  });

  it("notices a run split into several traces, and a step outside any run", () => {
    const tracer = trace.getTracer("t");
    tracer.startSpan("invoke_workflow A", { attributes: { "gen_ai.operation.name": "invoke_workflow" } }).end();
    tracer.startSpan("step lost", { attributes: { "weft.step.name": "lost" } }).end();
    const spans = tracing.spans();
    expect(failureOf(() => expectTrace(spans).toBeOneTrace()).message).toMatch(/belong to 2 traces/);
    expect(failureOf(() => expectTrace(spans).toHaveStep("lost")).message).toMatch(
      /expected step "lost" under a workflow run span, but its span "step lost" has no such ancestor/,
    );
    expect(failureOf(() => expectTrace([]).toBeOneTrace()).message).toMatch(/no span was collected[\s\S]*\(no spans\)/);
  });

  it("notices two roots in one trace (their parent was not collected)", () => {
    const tracer = trace.getTracer("t");
    tracer.startActiveSpan("root", (root) => {
      tracer.startSpan("a").end();
      tracer.startSpan("b").end();
      root.end();
    });
    const [a, b, root] = tracing.spans();
    expectTrace([a!, b!, root!]).toBeOneTrace();
    expect(failureOf(() => expectTrace([a!, b!]).toBeOneTrace()).message).toMatch(
      /expected one root span, but found 2: "a", "b"/,
    );
  });

  it("collects only since the last reset, and gives access to spans, parents and ancestors", async () => {
    await sampleJokeRun();
    tracing.reset();
    expect(tracing.spans()).toEqual([]);
    await sampleJokeRun();
    const t = expectTrace(tracing.spans());
    const llm = t.spans(/^chat/)[1]!;
    expect(t.ancestorsOf(llm).map((span) => span.name)).toEqual(["step critiqueJoke", "invoke_workflow JokeFlow"]);
    expect(t.parentOf(t.span("invoke_workflow JokeFlow"))).toBeUndefined();
  });

  it("works as plain Error for any test framework", () => {
    const error = failureOf(() => expectTrace([]).toHaveRun());
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("TraceAssertionError");
  });
});
