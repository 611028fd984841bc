import { afterEach, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../otlp-receiver/receiver-process.js";
import type { ReceivedSpan } from "../otlp-receiver/received-span.js";
import { startJokeFlow } from "./child-process.js";

// A workflow runs in one process and exports with a preset; a real OTLP receiver runs in another and
// decodes what arrives. The assertions are on what the receiver got: the tree a backend would draw.

const INTERNAL = 1;
const CLIENT = 3;
const STATUS_OK = 1;
const STATUS_ERROR = 2;

function only(spans: ReceivedSpan[], name: string, check?: (span: ReceivedSpan) => boolean): ReceivedSpan {
  const found = spans.filter((span) => span.name === name && (check ? check(span) : true));
  if (found.length !== 1) throw new Error(`expected one span "${name}", found ${found.length}: ${spans.map((s) => s.name).join(", ")}`);
  return found[0]!;
}

async function runAndReceive(receiver: Receiver, env: Record<string, string>) {
  const run = await startJokeFlow({ E2E_ENDPOINT: receiver.tracesUrl, ...env }).exited;
  expect(run.code, run.stderr).toBe(0);
  expect(run.lines).toEqual([{ result: "Solid pun, weak ending." }, { error: "no jokes today" }, { done: true }]);
  expect(run.stderr).toBe("");
  // shutdown() flushed before "done": everything is there, no waiting needed.
  return receiver.spans();
}

/** The joke run as a backend sees it: one trace, its tree, kinds, attributes, events, links, errors. */
function expectJokeRunTree(all: ReceivedSpan[]): void {
  const run = only(all, "invoke_workflow JokeFlow");
  const jokeTrace = all.filter((span) => span.traceId === run.traceId);
  expect(jokeTrace.filter((span) => span.parentSpanId === "").map((s) => s.name)).toEqual(["invoke_workflow JokeFlow"]);
  expect(jokeTrace.map((span) => span.name).sort()).toEqual([
    "chat mock-gpt",
    "chat mock-gpt",
    "invoke_workflow JokeFlow",
    "step critiqueJoke",
    "step critiqueJoke",
    "step generateJoke",
  ]);

  expect(run.kind).toBe(INTERNAL);
  expect(run.status.code).toBe(STATUS_OK);
  expect(run.attributes).toMatchObject({
    "openinference.span.kind": "CHAIN",
    "gen_ai.operation.name": "invoke_workflow",
    "gen_ai.workflow.name": "JokeFlow",
    "weft.workflow.name": "JokeFlow",
    "output.value": "Solid pun, weak ending.",
  });
  expect(String(run.attributes["input.value"])).toContain("pirates");
  expect(run.resource["service.name"]).toBe("joke-e2e");

  const generate = only(jokeTrace, "step generateJoke");
  const [failedCritique, critique] = jokeTrace
    .filter((span) => span.name === "step critiqueJoke")
    .sort((a, b) => Number(a.attributes["weft.step.attempt"]) - Number(b.attributes["weft.step.attempt"]));
  for (const step of [generate, failedCritique!, critique!]) {
    expect(step.parentSpanId).toBe(run.spanId);
    expect(step.kind).toBe(INTERNAL);
    expect(step.attributes["openinference.span.kind"]).toBe("CHAIN");
  }
  expect(generate.attributes).toMatchObject({ "weft.step.name": "generateJoke", "weft.step.attempt": 1, "weft.event.input.type": "StartEvent" });
  expect(generate.events).toContainEqual(
    expect.objectContaining({ name: "weft.event", attributes: expect.objectContaining({ "weft.event.type": "JokeEvent" }) }),
  );

  // The retry: attempt 1 failed with the exception recorded, attempt 2 succeeded.
  expect(failedCritique!.attributes["weft.step.attempt"]).toBe(1);
  expect(failedCritique!.status).toEqual({ code: STATUS_ERROR, message: "critic flaked" });
  expect(failedCritique!.events).toContainEqual(
    expect.objectContaining({ name: "exception", attributes: expect.objectContaining({ "exception.message": "critic flaked" }) }),
  );
  expect(critique!.attributes["weft.step.attempt"]).toBe(2);
  expect(critique!.status.code).not.toBe(STATUS_ERROR);

  // Causality: both critique attempts link to the step span that produced the JokeEvent they consumed.
  for (const attempt of [failedCritique!, critique!]) {
    const inputLink = attempt.links.find((link) => link.attributes["weft.event.type"] === "JokeEvent");
    expect(inputLink).toMatchObject({ traceId: run.traceId, spanId: generate.spanId });
  }
  expect(generate.events).toContainEqual(
    expect.objectContaining({
      name: "weft.event",
      attributes: expect.objectContaining({ "weft.event.type": "JokeEvent", "weft.event.kind": "returned" }),
    }),
  );

  // Each LLM call sits under the step that made it.
  const calls = jokeTrace.filter((span) => span.name === "chat mock-gpt");
  expect(calls.map((call) => call.parentSpanId).sort()).toEqual([generate.spanId, critique!.spanId].sort());
  for (const call of calls) {
    expect(call.kind).toBe(CLIENT);
    expect(call.attributes).toMatchObject({
      "openinference.span.kind": "LLM",
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "mock-gpt",
      "llm.model_name": "mock-gpt",
    });
  }
}

function expectFailedRun(all: ReceivedSpan[]): void {
  const run = only(all, "invoke_workflow FailingFlow");
  expect(run.parentSpanId).toBe("");
  expect(run.status).toEqual({ code: STATUS_ERROR, message: "no jokes today" });
  const step = only(all, "step refuse");
  expect(step.traceId).toBe(run.traceId);
  expect(step.parentSpanId).toBe(run.spanId);
  expect(step.status).toEqual({ code: STATUS_ERROR, message: "no jokes today" });
  // Two runs, two traces: nothing of one leaks into the other.
  expect(only(all, "invoke_workflow JokeFlow").traceId).not.toBe(run.traceId);
}

// Two real processes per test, each compiling TypeScript through tsx as it starts: on a loaded 2-core machine that
// alone takes many seconds. The limit only has to catch a hang.
describe("end to end: a workflow process exporting to a real OTLP receiver process", { timeout: 90_000 }, () => {
  const receivers: Receiver[] = [];
  const receiver = async (options?: Parameters<typeof startReceiver>[0]) => {
    const started = await startReceiver(options);
    receivers.push(started);
    return started;
  };
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.kill()));
  });

  it("jaeger preset: the receiver gets each run as one trace, with its tree, attributes, events, links and errors", async () => {
    const jaeger = await receiver();
    const spans = await runAndReceive(jaeger, { E2E_PRESET: "jaeger" });
    expectJokeRunTree(spans);
    expectFailedRun(spans);
    expect(spans).toHaveLength(8);
    const { requests } = await jaeger.requests();
    expect(requests.every((r) => r.contentType === "application/x-protobuf" && r.status === 200)).toBe(true);
  });

  it("phoenix preset: protobuf only, accepted by a receiver that rejects JSON, with the project name", async () => {
    const phoenix = await receiver({ rejectJson: true });
    const spans = await runAndReceive(phoenix, { E2E_PRESET: "phoenix" });
    expectJokeRunTree(spans);
    expectFailedRun(spans);
    expect(spans.every((span) => span.encoding === "protobuf")).toBe(true);
    expect(spans.every((span) => span.resource["openinference.project.name"] === "jokes-e2e")).toBe(true);
    const { requests } = await phoenix.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.status !== 200)).toEqual([]);
  });

  it("the Phoenix check has teeth: the same program sending JSON loses every span to 415, and still succeeds", async () => {
    const phoenix = await receiver({ rejectJson: true });
    const run = await startJokeFlow({ E2E_ENDPOINT: phoenix.tracesUrl, E2E_PROTOCOL: "http/json" }).exited;
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([{ result: "Solid pun, weak ending." }, { error: "no jokes today" }, { done: true }]);
    expect(await phoenix.spans()).toEqual([]);
    const { requests } = await phoenix.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.contentType === "application/json" && r.status === 415)).toBe(true);
    expect(run.stderr.match(/could not export spans/g)).toHaveLength(1);
  });

  it("OTLP/JSON reaches a receiver that takes it, with the same tree", async () => {
    const collector = await receiver();
    const spans = await runAndReceive(collector, { E2E_PROTOCOL: "http/json" });
    expect(spans.every((span) => span.encoding === "json")).toBe(true);
    expectJokeRunTree(spans);
    expectFailedRun(spans);
  });
});
