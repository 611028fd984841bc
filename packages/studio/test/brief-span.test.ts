import { describe, expect, it } from "vitest";
import { factsOf } from "../src/page/timeline/span-facts.js";
import { hasFinalRunSpan } from "../src/page/views/final-run-span.js";
import { briefSpan } from "../src/spans/brief-span.js";
import type { StoredSpan } from "../src/index.js";

const span = (attributes: StoredSpan["attributes"], extra: Partial<StoredSpan> = {}): StoredSpan => ({
  traceId: "ab".repeat(16),
  spanId: "cd".repeat(8),
  parentSpanId: "",
  name: "s",
  kind: 0,
  startMs: 1,
  endMs: 2,
  attributes,
  events: [],
  status: { code: 0, message: "" },
  service: "svc",
  scope: "@weft/test",
  ...extra,
});

const prompt = "Write your best joke about pirates. ".repeat(200);

describe("a span's brief form", () => {
  it("keeps what its timeline row shows, for every kind of span", () => {
    const spans = [
      span({ "openinference.span.kind": "LLM", "llm.model_name": "m", "llm.token_count.prompt": 12, "llm.token_count.completion": 3, "input.value": prompt, "output.value": prompt }),
      span({ "gen_ai.operation.name": "chat", "gen_ai.request.model": "m", "gen_ai.response.model": "m-1", "gen_ai.usage.input_tokens": 5, "gen_ai.usage.output_tokens": 7, "gen_ai.input.messages": prompt }),
      span({ "openinference.span.kind": "TOOL", "input.value": prompt }),
      span({ "weft.step.name": "check", "weft.step.attempt": 2, "weft.step.will_retry": true, "weft.run.id": "r" }),
      span({ "gen_ai.operation.name": "invoke_workflow", "weft.run.id": "r" }),
      span({ "weft.memory.operation": "put", "weft.memory.session": "s1" }, { scope: "@weft/memory" }),
      span({ "http.request.method": "POST", "url.path": "/x" }),
      span({}, { status: { code: 2, message: "boom" }, events: [{ name: "exception", timeMs: 1.5, attributes: { "exception.stacktrace": prompt } }] }),
    ];
    for (const s of spans) expect(factsOf(briefSpan(s)), JSON.stringify(s.attributes).slice(0, 80)).toEqual(factsOf(s));
  });

  it("leaves out prompts, completions and event attributes, so a big trace stays small", () => {
    const full = span({ "openinference.span.kind": "LLM", "input.value": prompt, "output.value": prompt }, { events: [{ name: "exception", timeMs: 1.5, attributes: { "exception.stacktrace": prompt } }] });
    const brief = briefSpan(full);
    expect(brief.attributes).toEqual({ "openinference.span.kind": "LLM" });
    expect(brief.events).toEqual([{ name: "exception", timeMs: 1.5, attributes: {} }]);
    expect(JSON.stringify(brief).length).toBeLessThan(JSON.stringify(full).length / 10);
    expect(full.attributes["input.value"]).toBe(prompt);
  });

  it("keeps how each attempt of a run ended, so the page knows when the last attempt's span has arrived", () => {
    const paused = span({ "gen_ai.operation.name": "invoke_workflow", "weft.run.status": "cancelled", "weft.run.waiting_for_input": true });
    const finished = span({ "gen_ai.operation.name": "invoke_workflow", "weft.run.status": "completed", "weft.run.resumed": true });
    const step = span({ "weft.step.name": "answer", "weft.run.status": "completed" });
    // a resumed run: its first attempt's span is in long before the last one's
    expect(hasFinalRunSpan([paused, step].map(briefSpan), "completed")).toBe(false);
    expect(hasFinalRunSpan([paused, step, finished].map(briefSpan), "completed")).toBe(true);
    // a pause is not the end of a cancelled run; a cancel that was not waiting is
    expect(hasFinalRunSpan([paused].map(briefSpan), "cancelled")).toBe(false);
    const cancelled = span({ "gen_ai.operation.name": "invoke_workflow", "weft.run.status": "cancelled", "weft.run.waiting_for_input": false });
    expect(hasFinalRunSpan([paused, cancelled].map(briefSpan), "cancelled")).toBe(true);
    expect(hasFinalRunSpan([span({ "gen_ai.operation.name": "invoke_workflow", "weft.run.status": "failed" })].map(briefSpan), "failed")).toBe(true);
  });
});
