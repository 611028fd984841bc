import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { Workflow, StartEvent, StopEvent, defineEvent, resource } from "@weft/workflows";
import { MockLLM, OpenAILLM } from "../src/index.js";
import { setupTracing, type TestTracing } from "./support/tracing.js";

// The joke flow exactly as API.md writes it.
const JokeEvent = defineEvent("JokeEvent", { joke: z.string() });
const llm = resource("llm", () => new OpenAILLM({ model: "gpt-4.1-mini" }));

const jokeFlow = new Workflow({ name: "JokeFlow", timeout: 60 })
  .step("generateJoke", { accepts: [StartEvent], returns: [JokeEvent], resources: { llm } },
    async (ev, ctx, { llm }) => {
      const res = await llm.complete(`Write your best joke about ${ev.topic}.`);
      ctx.writeEventToStream(new JokeEvent({ joke: res.text }));
      return new JokeEvent({ joke: res.text });
    })
  .step("critiqueJoke", { accepts: [JokeEvent], returns: [StopEvent], resources: { llm } },
    async (ev, _ctx, { llm }) => {
      const res = await llm.complete(`Give a thorough analysis and critique of the following joke: ${ev.joke}`);
      return new StopEvent({ result: res.text });
    });

let tracing: TestTracing;
let savedKey: string | undefined;
beforeAll(() => {
  tracing = setupTracing();
  // No key: building the real OpenAILLM would throw, so the run proves the override replaced it.
  savedKey = process.env.OPENAI_API_KEY;
  delete process.env.OPENAI_API_KEY;
});
afterAll(async () => {
  if (savedKey !== undefined) process.env.OPENAI_API_KEY = savedKey;
  await tracing.shutdown();
});

describe("the joke flow with a MockLLM resource override", () => {
  it("runs both steps on the mock, streams the joke and returns the critique", async () => {
    const mock = new MockLLM({ responses: ["a joke", "a critique"] });
    const handler = jokeFlow.run({ topic: "cats" }, { resources: { llm: mock } });
    const streamed: string[] = [];
    for await (const ev of handler.streamEvents()) if (ev instanceof JokeEvent) streamed.push(ev.joke);
    const result = await handler;

    expect(result).toBe("a critique");
    expect(streamed).toEqual(["a joke"]);
    expect(mock.calls.map((call) => call.prompt)).toEqual([
      "Write your best joke about cats.",
      "Give a thorough analysis and critique of the following joke: a joke",
    ]);
    mock.assertAllUsed();
  });

  it("nests each LLM span under the step that made the call", async () => {
    tracing.exporter.reset();
    await jokeFlow.run({ topic: "dogs" }, { resources: { llm: new MockLLM({ responses: ["j", "c"] }) } });
    const spans = tracing.spans();
    const llmSpans = spans.filter((s) => s.name === "chat mock-model");
    expect(llmSpans).toHaveLength(2);
    const parentNames = llmSpans.map((s) => spans.find((p) => p.spanContext().spanId === s.parentSpanContext?.spanId)?.name);
    expect(parentNames.sort()).toEqual(["step critiqueJoke", "step generateJoke"]);
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
  });
});
