import { randomUUID } from "node:crypto";
import { context, SpanKind, SpanStatusCode, trace, type SpanContext } from "@opentelemetry/api";
import { CHAIN_STEPS } from "./engine.js";

/**
 * The floor of W1 with tracing: the plain-async chain of `floor.ts`, making by hand the spans Weft makes for the same
 * run — a run span with its attributes, and per step a child span with the same attributes, a link to the span that
 * produced its input, one span event for the event it returns, its input/output payloads, the handler running with
 * the step's span active. What this costs above the untraced floor is the OpenTelemetry SDK's own price for those
 * spans, which no engine can go below; Weft's traced cost above that is Weft's.
 */
const tracer = () => trace.getTracer("@weft/bench", "0.1.0");

let eventCounter = 0;

async function step(n: number): Promise<number> {
  return n + 1;
}

async function tracedChainRun(): Promise<number> {
  const t = tracer();
  const runId = randomUUID();
  const run = t.startSpan("invoke_workflow Chain", { kind: SpanKind.INTERNAL }, context.active());
  run.setAttributes({
    "openinference.span.kind": "CHAIN",
    "gen_ai.operation.name": "invoke_workflow",
    "gen_ai.workflow.name": "Chain",
    "weft.workflow.name": "Chain",
    "weft.run.id": runId,
  });
  run.setAttributes({ "input.value": JSON.stringify({ type: "StartEvent", id: `e-${++eventCounter}`, data: {} }), "input.mime_type": "application/json" });
  const runContext = trace.setSpan(context.active(), run);
  let n = 0;
  let input = "{}";
  let inputId = "";
  let producer: SpanContext | undefined;
  for (let i = 0; i < CHAIN_STEPS; i++) {
    const name = `s${i + 1}`;
    const links = producer ? [{ context: producer, attributes: { "weft.event.type": `Link${i}`, "weft.event.id": inputId } }] : undefined;
    const span = t.startSpan(`step ${name}`, { kind: SpanKind.INTERNAL, links }, runContext);
    span.setAttribute("openinference.span.kind", "CHAIN");
    span.setAttribute("weft.step.name", name);
    span.setAttribute("weft.step.attempt", 1);
    span.setAttribute("weft.step.worker", 0);
    span.setAttribute("weft.event.input.type", i === 0 ? "StartEvent" : `Link${i}`);
    span.setAttribute("weft.run.id", runId);
    span.setAttribute("input.value", input);
    span.setAttribute("input.mime_type", "application/json");
    n = await context.with(trace.setSpan(runContext, span), step, undefined, n);
    const output = i === CHAIN_STEPS - 1 ? JSON.stringify({ result: n }) : JSON.stringify({ n });
    inputId = `e-${++eventCounter}`;
    span.addEvent("weft.event", {
      "weft.event.type": i === CHAIN_STEPS - 1 ? "StopEvent" : `Link${i + 1}`,
      "weft.event.id": inputId,
      "weft.event.kind": "returned",
      "weft.event.payload": output,
    });
    span.setAttribute("output.value", output);
    span.setAttribute("output.mime_type", "application/json");
    span.end();
    producer = span.spanContext();
    input = output;
  }
  run.setAttribute("weft.run.status", "completed");
  run.setAttributes({ "output.value": JSON.stringify(n), "output.mime_type": "application/json" });
  run.setStatus({ code: SpanStatusCode.OK });
  run.end();
  return n;
}

/** W1 on the traced floor: `runs` runs one after another. */
export async function tracedFloorChain(runs: number): Promise<number> {
  let sum = 0;
  for (let r = 0; r < runs; r++) sum += await tracedChainRun();
  return sum;
}
