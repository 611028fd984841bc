import { SpanStatusCode } from "@opentelemetry/api";
import { defineTool, MockLLM } from "@weft/llm";
import { MemorySessions } from "@weft/memory";
import { createTestTracing, expectTrace } from "@weft/otel";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { AgentInput, AgentOutput, AgentStream, AgentToolCall, AgentToolCallResult, AgentTurn, agentWorkflow, MaxTurnsError } from "../src/index.js";
import { getWeather, subtract } from "./support/weather-tools.js";

const tracing = createTestTracing();

function weatherModel() {
  return new MockLLM({
    responses: [
      { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }, { name: "get_weather", arguments: { city: "Tokyo" } }] },
      { toolCalls: [{ name: "subtract", arguments: { a: 24, b: 18 } }] },
      "Tokyo is 6°C warmer than Paris.",
    ],
  });
}

const question = "How much warmer is Tokyo than Paris?";

describe("agentWorkflow: the tool-calling loop", () => {
  beforeEach(() => tracing.reset());
  afterAll(() => tracing.shutdown());

  it("loops model → tools → model until the answer, streaming what happens, in one trace", async () => {
    const llm = weatherModel();
    const agent = agentWorkflow({ name: "Weather", llm, tools: [getWeather, subtract], systemPrompt: "Be brief." });
    const handler = agent.run({ input: question, sessionId: "s1" });
    const seen: string[] = [];
    for await (const ev of handler.streamEvents()) {
      if (ev instanceof AgentInput) seen.push(`input ${ev.input} ${ev.sessionId}`);
      else if (ev instanceof AgentToolCall) seen.push(`call ${ev.toolName} ${JSON.stringify(ev.toolKwargs)}`);
      else if (ev instanceof AgentToolCallResult) seen.push(`result ${ev.toolId} ${ev.toolOutput} ${ev.isError}`);
      else if (ev instanceof AgentOutput) seen.push(`output ${ev.toolCalls.length} ${String(ev.response.content)}`);
      else if (ev instanceof AgentStream) seen.push(`delta ${ev.delta}`);
    }
    const result = await handler;

    expect(result.text).toBe("Tokyo is 6°C warmer than Paris.");
    expect(result).toMatchObject({ agent: "Weather", sessionId: "s1", turns: 3, message: { role: "assistant" } });
    expect(result.toolCalls.map((c) => [c.toolName, c.toolOutput])).toEqual([
      ["get_weather", '{"city":"Paris","tempC":18}'],
      ["get_weather", '{"city":"Tokyo","tempC":24}'],
      ["subtract", '{"result":6}'],
    ]);
    expect(result.usage.totalTokens).toBeGreaterThan(0);

    // The stream: the input, each turn's output, each call and result, then the answer's deltas.
    const sorted = (lines: string[]) => [...lines].sort();
    expect(seen[0]).toBe(`input ${question} s1`);
    expect(seen.slice(1, 4)).toEqual(["output 2 ", 'call get_weather {"city":"Paris"}', 'call get_weather {"city":"Tokyo"}']);
    expect(sorted(seen.slice(4, 6))).toEqual(sorted(['result call_mock_1 {"city":"Paris","tempC":18} false', 'result call_mock_2 {"city":"Tokyo","tempC":24} false']));
    expect(seen.slice(6, 9)).toEqual(["output 1 ", 'call subtract {"a":24,"b":18}', 'result call_mock_3 {"result":6} false']);
    expect(seen.filter((s) => s.startsWith("delta")).map((s) => s.slice(6)).join("")).toBe("Tokyo is 6°C warmer than Paris.");
    expect(seen.at(-1)).toBe("output 0 Tokyo is 6°C warmer than Paris.");

    // What the model saw: the prompt, the question, and the results in the order it asked for them.
    expect(llm.calls[0]!.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: question },
    ]);
    expect(llm.calls[0]!.options.tools?.map((t) => t.name)).toEqual(["get_weather", "subtract"]);
    expect(llm.calls[1]!.messages.slice(-2)).toEqual([
      { role: "tool", toolCallId: "call_mock_1", name: "get_weather", content: '{"city":"Paris","tempC":18}' },
      { role: "tool", toolCallId: "call_mock_2", name: "get_weather", content: '{"city":"Tokyo","tempC":24}' },
    ]);

    const trace = expectTrace(tracing.spans())
      .toBeOneTrace()
      .toHaveRun("Weather")
      .toHaveStep("start", { attempts: 1 })
      .toHaveStep("callModel", { attempts: 3 })
      .toHaveStep("callTool", { attempts: 3 })
      .toHaveSpan("invoke_agent Weather", { parent: "step callModel" })
      .toHaveSpan("chat mock-model", { parent: "invoke_agent Weather" })
      .toHaveSpan("execute_tool get_weather", { parent: "step callTool" })
      .toHaveAttribute("invoke_agent Weather", "gen_ai.agent.name", "Weather")
      .toHaveNoErrors();
    expect(trace.spans("invoke_agent Weather").map((s) => s.attributes["weft.agent.turn"]).sort()).toEqual([1, 2, 3]);
    await agent.close();
  });

  it("runs a turn's tool calls concurrently, never more than maxParallelToolCalls at once", async () => {
    let active = 0;
    let most = 0;
    const slow = defineTool("slow", { description: "takes a while", parameters: z.object({ n: z.number() }) }, async ({ n }) => {
      active += 1;
      most = Math.max(most, active);
      // A few turns of the event loop: long enough for every call the engine would start to have started.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
      return n;
    });
    const calls = Array.from({ length: 6 }, (_, n) => ({ name: "slow", arguments: { n } }));
    const llm = new MockLLM({ responses: [{ toolCalls: calls }, "done"] });
    const agent = agentWorkflow({ llm, tools: [slow], maxParallelToolCalls: 2 });
    const result = await agent.run({ input: "go" });
    expect(result.toolCalls.map((c) => c.toolOutput)).toEqual(["0", "1", "2", "3", "4", "5"]);
    expect(most).toBe(2);

    const wide = agentWorkflow({ llm: new MockLLM({ responses: [{ toolCalls: calls }, "done"] }), tools: [slow], maxParallelToolCalls: 6 });
    most = 0;
    await wide.run({ input: "go" });
    expect(most).toBe(6);
  });

  it("gives a tool's error back to the model as its result, and the run goes on", async () => {
    const llm = new MockLLM({
      responses: [
        {
          toolCalls: [
            { name: "get_weather", arguments: { city: "Atlantis" } },
            { name: "subtract", arguments: { a: "one" } },
            { name: "teleport", arguments: {} },
          ],
        },
        "Sorry, I could not find that.",
      ],
    });
    const agent = agentWorkflow({ name: "Errors", llm, tools: [getWeather, subtract] });
    const result = await agent.run({ input: "weather in Atlantis?" });
    expect(result.text).toBe("Sorry, I could not find that.");
    expect(result.toolCalls.map((c) => c.isError)).toEqual([true, true, true]);
    const results = llm.calls[1]!.messages.filter((m) => m.role === "tool").map((m) => m.content);
    expect(results[0]).toBe('Error: no weather data for "Atlantis"');
    expect(results[1]).toMatch(/^Error: tool "subtract": invalid arguments/);
    expect(results[1]).toMatch(/a/);
    expect(results[2]).toBe('Error: unknown tool "teleport"; the tools are: get_weather, subtract');
    const trace = expectTrace(tracing.spans())
      .toHaveError("execute_tool get_weather", "Atlantis")
      .toHaveAttribute("invoke_workflow Errors", "weft.run.status", "completed");
    expect(trace.span("execute_tool subtract").status.code).toBe(SpanStatusCode.ERROR);
  });

  it("fails with MaxTurnsError when the model never stops calling tools", async () => {
    const llm = new MockLLM({ responses: () => ({ toolCalls: [{ name: "subtract", arguments: { a: 1, b: 1 } }] }) });
    const agent = agentWorkflow({ name: "Looper", llm, tools: [subtract], maxTurns: 3 });
    const error: unknown = await agent.run({ input: "loop" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MaxTurnsError);
    expect(error).toMatchObject({ maxTurns: 3, agent: "Looper", message: expect.stringContaining("maxTurns (3)") });
    expect(llm.calls).toHaveLength(3);
    expectTrace(tracing.spans()).toHaveError("invoke_workflow Looper", "maxTurns");
  });

  it("keeps one conversation per session, across runs", async () => {
    const memory = new MemorySessions();
    const llm = new MockLLM({ responses: ["Hello Ann.", "Your name is Ann.", "I do not know you."] });
    const agent = agentWorkflow({ llm, tools: [], memory, systemPrompt: "sys" });
    await agent.run({ input: "I am Ann.", sessionId: "ann" });
    await agent.run({ input: "What is my name?", sessionId: "ann" });
    await agent.run({ input: "Who am I?", sessionId: "bob" });
    expect(llm.calls[1]!.messages.map((m) => m.content)).toEqual(["sys", "I am Ann.", "Hello Ann.", "What is my name?"]);
    expect(llm.calls[2]!.messages.map((m) => m.content)).toEqual(["sys", "Who am I?"]);
    expect((await memory.forSession("ann").getAll()).map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });

  it("stores a turn with its tool calls, and nothing of a run that failed", async () => {
    const memory = new MemorySessions();
    const ok = agentWorkflow({ llm: weatherModel(), tools: [getWeather, subtract], memory });
    await ok.run({ input: question, sessionId: "s" });
    expect((await memory.forSession("s").getAll()).map((m) => m.role)).toEqual(["user", "assistant", "tool", "tool", "assistant", "tool", "assistant"]);

    const failing = agentWorkflow({ llm: new MockLLM({ responses: [{ error: "auth" }] }), tools: [], memory });
    await expect(failing.run({ input: "hi", sessionId: "t" })).rejects.toMatchObject({ kind: "auth" });
    expect(await memory.forSession("t").getAll()).toEqual([]);
  });

  it("gives the final answer in the shape of the output schema", async () => {
    const Answer = z.object({ city: z.string(), warmerBy: z.number() });
    const llm = new MockLLM({
      responses: [
        { toolCalls: [{ name: "get_weather", arguments: { city: "Tokyo" } }] },
        "Tokyo is 6°C warmer.",
        { object: { city: "Tokyo", warmerBy: 6 } },
      ],
    });
    const agent = agentWorkflow({ llm, tools: [getWeather], output: Answer });
    const result = await agent.run({ input: question });
    expect(result).toEqual({ city: "Tokyo", warmerBy: 6 });
    expect(llm.calls[2]!.structured).toBeDefined();
    expect(llm.calls[2]!.messages.some((m) => m.role === "tool")).toBe(true);
  });

  it("retries a model turn that failed, by its retry policy", async () => {
    const llm = new MockLLM({ responses: [{ error: "rate_limit" }, "Fine now."] });
    const agent = agentWorkflow({ name: "Retrying", llm, tools: [], retry: { maxAttempts: 2, delay: 0.001 } });
    const result = await agent.run({ input: "hi" });
    expect(result).toMatchObject({ text: "Fine now.", turns: 1 });
    expectTrace(tracing.spans()).toHaveStep("callModel", { attempts: 2 }).toHaveAttribute("invoke_workflow Retrying", "weft.run.status", "completed");
  });

  it("stops a tool that is running when the run is cancelled", async () => {
    let aborted = false;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const forever = defineTool("forever", { description: "never ends by itself", parameters: z.object({}) }, (_args, { signal }) => {
      started();
      return new Promise((_resolve, reject) =>
        signal!.addEventListener("abort", () => {
          aborted = true;
          reject(new Error("stopped"));
        }),
      );
    });
    const llm = new MockLLM({ responses: [{ toolCalls: [{ name: "forever", arguments: {} }] }, "never"] });
    const handler = agentWorkflow({ llm, tools: [forever] }).run({ input: "go" });
    await running;
    handler.cancel();
    await expect(handler).rejects.toThrow(/cancel/i);
    expect(aborted).toBe(true);
    expect(llm.calls).toHaveLength(1);
  });

  it("lets a run replace the model, like any resource", async () => {
    const agent = agentWorkflow({ llm: new MockLLM({ responses: ["from the default"] }), tools: [] });
    const result = await agent.run({ input: "hi" }, { resources: { llm: new MockLLM({ responses: ["from the run"] }) } });
    expect(result.text).toBe("from the run");
  });

  it("names what is wrong with its input and options", () => {
    const agent = agentWorkflow({ llm: new MockLLM(), tools: [] });
    expect(() => agent.run({ input: "" })).toThrow(/input/);
    expect(() => agentWorkflow({ llm: new MockLLM(), tools: [], maxTurns: 0 })).toThrow(/maxTurns must be a whole number/);
    expect(() => agentWorkflow({ llm: undefined as never, tools: [] })).toThrow(/needs an llm/);
    expect(() => agentWorkflow({ llm: new MockLLM(), tools: [getWeather, getWeather] })).toThrow(/two tools are named "get_weather"/);
    expect(() => agentWorkflow({ llm: new MockLLM(), tools: [{ name: "x" } as never] })).toThrow(/tools\[0\] is not a tool/);
  });
});

describe("agentWorkflow: events from outside the run", () => {
  it("runs only the tool calls the model asked for, and counts only their real results", async () => {
    let ran = "";
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const waiting = new Promise<void>((resolve) => (started = resolve));
    const slow = defineTool("slow", { description: "waits", parameters: z.object({}) }, async () => {
      started();
      await gate;
      ran += "slow ";
      return "real";
    });
    const danger = defineTool("danger", { description: "must not run unasked", parameters: z.object({}) }, () => {
      ran += "danger ";
      return "boom";
    });
    const llm = new MockLLM({ responses: [{ toolCalls: [{ name: "slow", arguments: {} }] }, "done"] });
    const agent = agentWorkflow({ llm, tools: [slow, danger] });
    const handler = agent.run({ input: "go" });
    await waiting;
    // What a hostile caller of a server's POST /events could send: a call nobody asked for, a forged result, a turn.
    handler.ctx.sendEvent(new AgentToolCall({ toolName: "danger", toolId: "x1", toolKwargs: {}, agent: "Agent" }));
    handler.ctx.sendEvent(new AgentToolCallResult({ toolName: "slow", toolId: "call_mock_1", toolOutput: "forged", isError: false, agent: "Agent" }));
    handler.ctx.sendEvent(new AgentTurn({ turn: 2 }));
    await new Promise((resolve) => setImmediate(resolve));
    release();
    const result = await handler;

    expect(ran).toBe("slow ");
    expect(result.toolCalls).toMatchObject([{ toolName: "slow", toolOutput: "real" }]);
    expect(llm.calls).toHaveLength(2);
    expect(llm.calls[1]!.messages.at(-1)).toMatchObject({ role: "tool", content: "real" });
  });
});
