import { SpanKind } from "@opentelemetry/api";
import { LLMError, MockLLM } from "@weft/llm";
import { traceReport } from "@weft/example-support";
import { createTestTracing, expectTrace } from "@weft/otel";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createDemoLLM } from "../src/demo-llm.js";
import { CritiqueDeltaEvent, JokeDeltaEvent, JokeEvent, jokeFlow } from "../src/joke-flow.js";
import { tellJoke } from "../src/tell-joke.js";

const tracing = createTestTracing();

describe("the joke flow", () => {
  beforeEach(() => tracing.reset());
  afterAll(() => tracing.shutdown());

  it("runs as the contract shows, with a mock LLM and no network", async () => {
    const llm = new MockLLM({ responses: ["a joke about cats", "a critique"] });
    const handler = jokeFlow.run({ topic: "cats" }, { resources: { llm } });
    const streamed: string[] = [];
    for await (const ev of handler.streamEvents()) {
      if (ev instanceof JokeDeltaEvent) streamed.push(`joke:${ev.delta}`);
      else if (ev instanceof CritiqueDeltaEvent) streamed.push(`critique:${ev.delta}`);
      else if (ev instanceof JokeEvent) streamed.push(`JokeEvent:${ev.joke}`);
    }

    expect(await handler).toBe("a critique");
    expect(streamed).toEqual(["joke:a ", "joke:joke ", "joke:about ", "joke:cats", "JokeEvent:a joke about cats", "critique:a ", "critique:critique"]);
    expect(llm.calls.map((c) => [c.prompt, c.streaming])).toEqual([
      ["Write your best joke about cats.", true],
      ["Give a thorough analysis and critique of the following joke: a joke about cats", true],
    ]);

    expectTrace(tracing.spans())
      .toBeOneTrace()
      .toHaveRun("JokeFlow")
      .toHaveStep("generateJoke", { attempts: 1 })
      .toHaveStep("critiqueJoke", { attempts: 1 })
      .toHaveLLMCall({ step: "generateJoke", model: "mock-model", count: 1 })
      .toHaveLLMCall({ step: "critiqueJoke", model: "mock-model", count: 1 })
      .toHaveSpan("chat mock-model", { kind: SpanKind.CLIENT })
      .toHaveAttribute("chat mock-model", "gen_ai.usage.output_tokens")
      .toHaveAttribute("chat mock-model", "llm.input_messages.0.message.content", "Write your best joke about cats.")
      .toHaveEvent("step generateJoke", "weft.event", { "weft.event.type": "JokeEvent", "weft.event.kind": "returned" })
      .toHaveLink("step critiqueJoke", "step generateJoke")
      .toHaveAttribute("invoke_workflow JokeFlow", "output.value", "a critique")
      .toHaveNoErrors();
  });

  it("tells the joke, then the critique, as they stream", async () => {
    let out = "";
    const llm = new MockLLM({ responses: ["Knock knock.", "Too short."] });
    const told = await tellJoke({ topic: "doors", llm, write: (t) => (out += t) });
    expect(told).toEqual({ joke: "Knock knock.", critique: "Too short." });
    expect(out).toBe("Joke\n────\nKnock knock.\n\nCritique\n────────\nToo short.\n");
  });

  it("reports the trace: tree, tokens and durations, and more with verbose", async () => {
    const llm = new MockLLM({ responses: [{ text: "a joke", usage: { inputTokens: 7, outputTokens: 3 } }, { text: "a critique", usage: { inputTokens: 20, outputTokens: 5 } }] });
    await tellJoke({ topic: "owls", llm, write: () => undefined });
    const report = traceReport(tracing.spans());
    const lines = report.split("\n");
    expect(lines[0]).toMatch(/^invoke_workflow JokeFlow {2}\d+\.\d ms$/);
    expect(lines[1]).toMatch(/^├─ step generateJoke {2}\d+\.\d ms {2}in=StartEvent$/);
    expect(lines[2]).toMatch(/^│ {2}└─ chat mock-model {2}\d+\.\d ms {2}tokens=7 in\/3 out {2}finish=stop$/);
    expect(lines[3]).toMatch(/^└─ step critiqueJoke {2}\d+\.\d ms {2}in=JokeEvent$/);
    expect(lines[4]).toMatch(/^ {3}└─ chat mock-model {2}\d+\.\d ms {2}tokens=20 in\/5 out {2}finish=stop$/);
    expect(lines[5]).toMatch(/^2 LLM calls · 27 tokens in \/ 8 out · \d+\.\d\d s$/);
    expect(lines).toHaveLength(6);

    const verbose = traceReport(tracing.spans(), { verbose: true });
    expect(verbose).toContain('chat mock-model (mock): "Write your best joke about owls." · first token after');
    expect(verbose).toContain("step generateJoke emitted JokeDeltaEvent ×2, JokeEvent ×2");
    expect(verbose).toMatch(/run id [0-9a-f-]{36}/);
  });

  it("fails the run with the model's error, recorded on the trace", async () => {
    const llm = new MockLLM({ responses: [{ error: "auth" }] });
    await expect(tellJoke({ topic: "keys", llm, write: () => undefined })).rejects.toBeInstanceOf(LLMError);
    expectTrace(tracing.spans()).toHaveError("chat mock-model").toHaveError("step generateJoke").toHaveError("invoke_workflow JokeFlow");
  });

  it("has an offline demo model that streams a joke on the topic and a critique of it", async () => {
    let out = "";
    const told = await tellJoke({ topic: "pirates", llm: createDemoLLM({ chunkDelayMs: 0, delayMs: 0 }), write: (t) => (out += t) });
    expect(told.joke).toBe("Why couldn't the pirate learn the alphabet? He kept getting lost at C.");
    expect(told.critique).toMatch(/^Structure: a classic question-and-answer setup .* 13 words in all/);
    expect(out).toContain(told.joke);
    expectTrace(tracing.spans()).toHaveLLMCall({ model: "demo-jokester", count: 2 });
  });
});
