import { SpanStatusCode } from "@opentelemetry/api";
import { LLMError, MockLLM } from "@weft/llm";
import { MemorySessions } from "@weft/memory";
import { createTestTracing, expectTrace } from "@weft/otel";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { MaxTurnsError } from "@weft/agents";
import { agent, MAX_TURNS, SYSTEM_PROMPT } from "../src/agent-flow.js";
import { chat } from "../src/chat.js";
import { createDemoLLM } from "../src/demo-llm.js";

const tracing = createTestTracing();

/** The model's side of "How much warmer is Tokyo than Paris?": two weather calls at once, a subtraction, the answer. */
function weatherModel() {
  return new MockLLM({
    responses: [
      { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }, { name: "get_weather", arguments: { city: "Tokyo" } }] },
      { toolCalls: [{ name: "calculator", arguments: { a: 24, b: 18, op: "subtract" } }] },
      "Tokyo is 6°C warmer than Paris.",
    ],
  });
}

const question = "How much warmer is Tokyo than Paris?";

describe("the agent", () => {
  beforeEach(() => tracing.reset());
  afterAll(() => tracing.shutdown());

  it("loops model → tools → model until it answers, keeping the conversation in memory", async () => {
    const llm = weatherModel();
    const memory = new MemorySessions();
    const result = await agent.run({ input: question, sessionId: "s1" }, { resources: { llm, memory } });

    expect(result).toMatchObject({ text: "Tokyo is 6°C warmer than Paris.", turns: 3 });
    expect(result.toolCalls.map((c) => c.toolName)).toEqual(["get_weather", "get_weather", "calculator"]);
    expect(llm.calls).toHaveLength(3);
    expect(llm.calls[0]!.messages).toEqual([
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: question },
    ]);
    expect(llm.calls[0]!.options.tools?.map((t) => t.name)).toEqual(["get_weather", "calculator"]);
    // The second call sees both results, answering the calls by id, in the order they were asked for.
    expect(llm.calls[1]!.messages.slice(-2)).toEqual([
      { role: "tool", toolCallId: "call_mock_1", name: "get_weather", content: '{"city":"Paris","tempC":18,"sky":"cloudy"}' },
      { role: "tool", toolCallId: "call_mock_2", name: "get_weather", content: '{"city":"Tokyo","tempC":24,"sky":"sunny"}' },
    ]);
    const stored = await memory.forSession("s1").getAll();
    expect(stored.map((m) => m.role)).toEqual(["user", "assistant", "tool", "tool", "assistant", "tool", "assistant"]);
    expect(stored.at(-2)).toMatchObject({ role: "tool", content: '{"result":6}' });

    const trace = expectTrace(tracing.spans())
      .toBeOneTrace()
      .toHaveRun("Agent")
      .toHaveStep("start", { attempts: 1 })
      .toHaveStep("callModel", { attempts: 3 })
      .toHaveStep("callTool", { attempts: 3 })
      .toHaveLLMCall({ step: "callModel", model: "mock-model", count: 3 })
      .toHaveSpan("execute_tool get_weather", { parent: "step callTool" })
      .toHaveAttribute("execute_tool calculator", "output.value", '{"result":6}')
      .toHaveAttribute("chat mock-model", "llm.tools.0.tool.json_schema", /"name":"get_weather"/)
      .toHaveAttribute("chat mock-model", "gen_ai.response.finish_reasons", ["tool_calls"])
      .toHaveSpan("invoke_agent Agent", { parent: "step callModel" })
      .toHaveSpan("memory.get", { parent: "invoke_agent Agent" })
      .toHaveSpan("memory.put", { parent: "invoke_agent Agent" })
      .toHaveNoErrors();
    expect(trace.spans("execute_tool get_weather")).toHaveLength(2);
  });

  it("streams the answer and shows tool calls and results as they happen", async () => {
    let out = "";
    const answer = await chat({ message: question, sessionId: "s2", llm: weatherModel(), write: (t) => (out += t) });
    expect(answer).toBe("Tokyo is 6°C warmer than Paris.");
    expect(out).toBe(
      [
        '  → get_weather({"city":"Paris"})',
        '  → get_weather({"city":"Tokyo"})',
        '  ← get_weather: {"city":"Paris","tempC":18,"sky":"cloudy"}',
        '  ← get_weather: {"city":"Tokyo","tempC":24,"sky":"sunny"}',
        '  → calculator({"a":24,"b":18,"op":"subtract"})',
        '  ← calculator: {"result":6}',
        "Tokyo is 6°C warmer than Paris.",
        "",
      ].join("\n"),
    );
  });

  it("remembers earlier turns of the same session", async () => {
    const memory = new MemorySessions();
    const llm = new MockLLM({ responses: ["Hello Ann.", "Your name is Ann."] });
    await agent.run({ input: "I am Ann.", sessionId: "ann" }, { resources: { llm, memory } });
    await agent.run({ input: "What is my name?", sessionId: "ann" }, { resources: { llm, memory } });
    await agent.run({ input: "Who am I?", sessionId: "bob" }, { resources: { llm, memory } });
    expect(llm.calls[1]!.messages.map((m) => m.content)).toEqual([SYSTEM_PROMPT, "I am Ann.", "Hello Ann.", "What is my name?"]);
    expect(llm.calls[2]!.messages.map((m) => m.content)).toEqual([SYSTEM_PROMPT, "Who am I?"]);
  });

  it("waits out a rate limit and tries the model again", async () => {
    const llm = new MockLLM({ responses: [{ error: "rate_limit" }, "Fine now."] });
    const result = await agent.run({ input: "hi", sessionId: "s3" }, { resources: { llm, memory: new MemorySessions() } });
    expect(result).toMatchObject({ text: "Fine now.", turns: 1 });
    expectTrace(tracing.spans())
      .toHaveStep("callModel", { attempts: 2 })
      .toHaveAttribute("step callModel", "weft.step.attempt", 2)
      .toHaveAttribute("step callModel", "weft.step.will_retry", true)
      .toHaveError("step callModel", "rate_limit")
      .toHaveAttribute("invoke_workflow Agent", "weft.run.status", "completed");
  });

  it("fails at once on errors a retry cannot fix", async () => {
    const llm = new MockLLM({ responses: [{ error: "auth" }, "never used"] });
    await expect(agent.run({ input: "hi", sessionId: "s4" }, { resources: { llm, memory: new MemorySessions() } })).rejects.toMatchObject({
      kind: "auth",
    });
    expect(llm.calls).toHaveLength(1);
    expectTrace(tracing.spans()).toHaveStep("callModel", { attempts: 1 }).toHaveError("invoke_workflow Agent");
  });

  it("hands tool errors back to the model instead of failing", async () => {
    const llm = new MockLLM({
      responses: [
        { toolCalls: [{ name: "calculator", arguments: { a: 1, b: 0, op: "divide" } }, { name: "calculator", arguments: { a: "one", op: "add" } }] },
        "I cannot divide by zero.",
      ],
    });
    const result = await agent.run({ input: "1/0?", sessionId: "s5" }, { resources: { llm, memory: new MemorySessions() } });
    expect(result).toMatchObject({ text: "I cannot divide by zero." });
    const results = llm.calls[1]!.messages.filter((m) => m.role === "tool").map((m) => m.content);
    expect(results[0]).toBe("Error: division by zero");
    expect(results[1]).toMatch(/^Error: tool "calculator": invalid arguments/);
    const spans = expectTrace(tracing.spans()).toHaveError("execute_tool calculator", "division by zero").spans("execute_tool calculator");
    expect(spans.every((s) => s.status.code === SpanStatusCode.ERROR)).toBe(true);
    expectTrace(tracing.spans()).toHaveAttribute("invoke_workflow Agent", "weft.run.status", "completed");
  });

  it(`fails with MaxTurnsError after ${MAX_TURNS} model turns that only call tools`, async () => {
    const llm = new MockLLM({ responses: () => ({ toolCalls: [{ name: "calculator", arguments: { a: 1, b: 1, op: "add" } }] }) });
    const run = agent.run({ input: "loop", sessionId: "s6" }, { resources: { llm, memory: new MemorySessions() } });
    await expect(run).rejects.toBeInstanceOf(MaxTurnsError);
    await expect(run).rejects.toThrow(`maxTurns (${MAX_TURNS})`);
    expect(llm.calls).toHaveLength(MAX_TURNS);
  });

  it("runs offline with the demo model, using the tools", async () => {
    const llm = createDemoLLM({ delayMs: 0, chunkDelayMs: 0 });
    const result = await agent.run({ input: question, sessionId: "s7" }, { resources: { llm, memory: new MemorySessions() } });
    expect(result.text).toBe("Paris: 18°C, cloudy; Tokyo: 24°C, sunny; Tokyo is 6°C warmer than Paris.");
    expectTrace(tracing.spans()).toHaveLLMCall({ model: "demo-agent", count: 3 }).toHaveSpanCount(2, "execute_tool get_weather").toHaveSpanCount(1, "execute_tool calculator");
  });

  it("rejects an empty message", () => {
    expect(() => agent.run({ input: "" })).toThrow(/input/);
  });
});
