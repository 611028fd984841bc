import { MockLLM } from "@weft/llm";
import { StartEvent, StopEvent, Workflow, defineEvent, resource } from "@weft/workflows";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestTracing, expectTrace, formatSpanTree, type TestTracing } from "../src/index.js";

// The test helper and the tree rendering on the real engine and LLM packages, as a user would test
// their own workflow's trace.

const JokeEvent = defineEvent("JokeEvent", { joke: z.string() });
const llm = resource("llm", () => new MockLLM({ model: "mock-gpt" }));

const jokeFlow = new Workflow({ name: "JokeFlow", timeout: 10 })
  .step("generateJoke", { accepts: [StartEvent], returns: [JokeEvent], resources: { llm } }, async (ev, _ctx, { llm }) => {
    const res = await llm.complete(`Write your best joke about ${String(ev.topic)}.`);
    return new JokeEvent({ joke: res.text });
  })
  .step("critiqueJoke", { accepts: [JokeEvent], returns: [StopEvent], resources: { llm } }, async (ev, _ctx, { llm }) => {
    const res = await llm.complete(`Critique: ${ev.joke}`);
    if (res.text === "fail") throw new Error("critic refused");
    return new StopEvent({ result: res.text });
  });

describe("expectTrace on a real workflow run", () => {
  let tracing: TestTracing;
  beforeEach(() => {
    tracing = createTestTracing();
  });
  afterEach(() => tracing.shutdown());

  it("sees the run, its steps and the LLM call under each step", async () => {
    const result = await jokeFlow.run({ topic: "cats" }, { resources: { llm: new MockLLM({ model: "mock-gpt", responses: ["a joke", "a critique"] }) } });
    expect(result).toBe("a critique");
    expectTrace(tracing.spans())
      .toBeOneTrace()
      .toHaveRun("JokeFlow")
      .toHaveStep("generateJoke", { attempts: 1, workflow: "JokeFlow" })
      .toHaveStep("critiqueJoke", { attempts: 1 })
      .toHaveLLMCall({ step: "generateJoke", model: "mock-gpt", count: 1 })
      .toHaveLLMCall({ step: "critiqueJoke", model: "mock-gpt", count: 1 })
      .toHaveAttribute("step critiqueJoke", "weft.event.input.type", "JokeEvent")
      .toHaveEvent("step generateJoke", "weft.event", { "weft.event.type": "JokeEvent" })
      .toHaveLink("step critiqueJoke", "step generateJoke")
      .toHaveNoErrors();
    const tree = formatSpanTree(tracing.spans()).replace(/\d+\.\d ms/g, "N ms");
    expect(tree).toMatch(/^invoke_workflow JokeFlow {2}N ms\n├─ step generateJoke {2}N ms {2}in=StartEvent\n/);
    expect(tree).toMatch(/└─ step critiqueJoke {2}N ms {2}in=JokeEvent\n(.*\n)*\s+└─ chat mock-gpt {2}N ms/);
  });

  it("sees a failing step and run as errors, and the failure message names them", async () => {
    const run = jokeFlow.run({ topic: "cats" }, { resources: { llm: new MockLLM({ model: "mock-gpt", responses: ["a joke", "fail"] }) } });
    await expect(run).rejects.toThrow("critic refused");
    const t = expectTrace(tracing.spans())
      .toHaveError("step critiqueJoke", "critic refused")
      .toHaveError(/^invoke_workflow/, "critic refused");
    expect(() => t.toHaveNoErrors()).toThrow(/expected no span with status ERROR[\s\S]*step critiqueJoke .*ERROR: critic refused/);
  });
});
