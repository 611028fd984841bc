import { PassThrough } from "node:stream";
import { MockLLM } from "@weft/llm";
import { createTestTracing, expectTrace } from "@weft/otel";
import { EventValidationError } from "@weft/workflows";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ProgressDisplay } from "../src/progress-display.js";
import { summaryPrompt } from "../src/summarize-flow.js";
import { summarizeWithProgress } from "../src/summarize-with-progress.js";

const tracing = createTestTracing();

function output(isTTY = false) {
  const out = Object.assign(new PassThrough(), { isTTY });
  let text = "";
  out.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  return { out, text: () => text };
}

/** A mock model that counts how many calls are in flight at once. */
function gaugedLLM() {
  let inFlight = 0;
  let maxInFlight = 0;
  const llm = new MockLLM({
    responses: async (request) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return `summary of: ${request.prompt.split("\n\n").at(-1)}`;
    },
  });
  return { llm, maxInFlight: () => maxInFlight };
}

const documents = ["one", "two", "three", "four", "five", "six"];

describe("fan-out summaries", () => {
  beforeEach(() => tracing.reset());
  afterAll(() => tracing.shutdown());

  it("summarizes every document, in order, with at most numWorkers calls at once", async () => {
    const { llm, maxInFlight } = gaugedLLM();
    const { out, text } = output();

    const summaries = await summarizeWithProgress({ documents, llm, numWorkers: 2, out });

    expect(summaries).toEqual(documents.map((d) => `summary of: ${d}`));
    expect(llm.calls.map((c) => c.prompt).sort()).toEqual(documents.map(summaryPrompt).sort());
    expect(maxInFlight()).toBe(2);
    const lines = text().trim().split("\n");
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toMatch(/^ {2}✓ #\d+ \(worker [01]\) — 6\/6 done$/);

    const trace = expectTrace(tracing.spans())
      .toBeOneTrace()
      .toHaveRun("SummarizeReviews")
      .toHaveStep("dispatch", { attempts: 1 })
      .toHaveStep("summarize", { attempts: 6 })
      .toHaveStep("collect", { attempts: 6 })
      .toHaveLLMCall({ step: "summarize", count: 6 })
      .toHaveEvent("step dispatch", "weft.event", { "weft.event.type": "DocumentEvent", "weft.event.kind": "sent" })
      .toHaveNoErrors();
    const workers = new Set(trace.spans("step summarize").map((s) => s.attributes["weft.step.worker"]));
    expect(workers).toEqual(new Set([0, 1]));
  });

  it("redraws one progress line on a terminal", () => {
    const { out, text } = output(true);
    const progress = new ProgressDisplay(2, out);
    progress.update({ index: 0, phase: "started", worker: 0 });
    progress.update({ index: 1, phase: "started", worker: 1 });
    progress.update({ index: 0, phase: "finished", worker: 0 });
    expect(progress.line()).toBe(`[${"█".repeat(10)}${"░".repeat(10)}] 1/2 done · running #2`);
    progress.update({ index: 1, phase: "finished", worker: 1 });
    progress.end();
    expect(text()).toContain("\r\x1b[2K[░░░░░░░░░░░░░░░░░░░░] 0/2 done · running #1 #2");
    expect(text().endsWith(`\r\x1b[2K[${"█".repeat(20)}] 2/2 done\n`)).toBe(true);
  });

  it("rejects an empty batch before running anything", async () => {
    const { llm } = gaugedLLM();
    await expect(summarizeWithProgress({ documents: [], llm, out: output().out })).rejects.toBeInstanceOf(EventValidationError);
    expect(llm.calls).toHaveLength(0);
  });
});
