import { z } from "zod";
import { defineEvent, defineStartEvent, defineStopEvent, resource, Workflow, type RetryPolicy } from "@weft/workflows";
import { isLLMError, OpenAILLM, type ChatMessage } from "@weft/llm";
import { MemorySessions } from "@weft/memory";
import { tools } from "./tools.js";

// Events: a user message starts a run; each model turn either answers (the run ends) or asks for tools,
// which run in parallel and come back as one batch for the next model turn.
export const AgentStart = defineStartEvent("AgentStart", {
  message: z.string().min(1),
  /** Whose conversation this is: memory keeps one history per session. */
  sessionId: z.string().default("default"),
});
const ModelTurnEvent = defineEvent("ModelTurnEvent", {});
export const ToolCallEvent = defineEvent("ToolCallEvent", {
  id: z.string(),
  name: z.string(),
  rawArguments: z.string(),
  index: z.number().int(),
  count: z.number().int(),
});
export const ToolResultEvent = defineEvent("ToolResultEvent", {
  id: z.string(),
  name: z.string(),
  output: z.string(),
  isError: z.boolean(),
  index: z.number().int(),
  count: z.number().int(),
});
/** Text of the answer as the model streams it. */
export const AnswerDeltaEvent = defineEvent("AnswerDeltaEvent", { delta: z.string() });
export const AgentAnswer = defineStopEvent("AgentAnswer", { answer: z.string(), rounds: z.number().int(), toolCalls: z.number().int() });

/** What one run keeps between its steps. */
const AgentState = z.object({
  sessionId: z.string().default("default"),
  rounds: z.number().int().default(0),
  toolCalls: z.number().int().default(0),
});

export const SYSTEM_PROMPT =
  "You are a helpful assistant. Use the tools for weather and for arithmetic instead of guessing. Answer briefly.";
/** Model turns per run before the agent gives up: a guard against a model that never stops calling tools. */
export const MAX_ROUNDS = 6;

/**
 * Rate limits are worth waiting out (with growing, jittered delays); a bad request or a missing key would fail the
 * same way again, so those fail the run at once.
 */
export const rateLimitRetry: RetryPolicy = {
  maxAttempts: 4,
  delay: 0.5,
  backoff: "exponential",
  maxDelay: 20,
  jitter: true,
  retryOn: (error) => isLLMError(error) && error.kind === "rate_limit",
};

const llm = resource("llm", () => new OpenAILLM({ model: "gpt-4.1-mini" }));
const memory = resource("memory", () => new MemorySessions({ tokenLimit: 16_000 }), { dispose: (sessions) => sessions.close() });

function toText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export const agent = new Workflow({ name: "Agent", timeout: 120, state: AgentState })
  .step("start", { accepts: [AgentStart], returns: [ModelTurnEvent], resources: { memory } }, async (ev, ctx, { memory }) => {
    await ctx.store.editState((s) => {
      s.sessionId = ev.sessionId;
    });
    await memory.forSession(ev.sessionId).put({ role: "user", content: ev.message });
    return new ModelTurnEvent();
  })
  .step(
    "callModel",
    { accepts: [ModelTurnEvent], returns: [ToolCallEvent, AgentAnswer], resources: { llm, memory }, retry: rateLimitRetry },
    async (_ev, ctx, { llm, memory }) => {
      const state = await ctx.store.getState();
      if (state.rounds >= MAX_ROUNDS) {
        return new AgentAnswer({ answer: `I stopped after ${MAX_ROUNDS} model turns without a final answer.`, rounds: state.rounds, toolCalls: state.toolCalls });
      }
      const history = memory.forSession(state.sessionId);
      const messages: ChatMessage[] = [{ role: "system", content: SYSTEM_PROMPT }, ...(await history.get())];
      // A rate limit fails the request before any text arrives, so a retry never repeats streamed text.
      const stream = llm.streamChat(messages, { tools, signal: ctx.signal });
      for await (const chunk of stream) if (chunk.delta) ctx.writeEventToStream(new AnswerDeltaEvent({ delta: chunk.delta }));
      const res = await stream.finalResponse();
      // Stored only once the call succeeded, so a retried attempt leaves no trace in the conversation.
      await history.put(res.message);
      const { rounds, toolCalls } = await ctx.store.editState((s) => {
        s.rounds += 1;
        s.toolCalls += res.toolCalls.length;
      });
      if (res.toolCalls.length === 0) return new AgentAnswer({ answer: res.text, rounds, toolCalls });
      res.toolCalls.forEach((call, index) => {
        const ev = new ToolCallEvent({ id: call.id, name: call.name, rawArguments: call.rawArguments, index, count: res.toolCalls.length });
        ctx.writeEventToStream(ev);
        ctx.sendEvent(ev);
      });
    },
  )
  .step("callTool", { accepts: [ToolCallEvent], returns: [ToolResultEvent], numWorkers: 4 }, async (ev, ctx) => {
    const tool = tools.find((t) => t.name === ev.name);
    let output: string;
    let isError = false;
    try {
      if (!tool) throw new Error(`unknown tool "${ev.name}"`);
      // tool.call validates the arguments with the tool's zod schema and runs it in an `execute_tool` span.
      output = toText(await tool.call({ id: ev.id, name: ev.name, arguments: undefined, rawArguments: ev.rawArguments }, { signal: ctx.signal }));
    } catch (error) {
      // The model gets the error as the tool's result and can correct itself; the span records it as an error.
      output = `Error: ${error instanceof Error ? error.message : String(error)}`;
      isError = true;
    }
    const done = new ToolResultEvent({ id: ev.id, name: ev.name, output, isError, index: ev.index, count: ev.count });
    ctx.writeEventToStream(done);
    return done;
  })
  .step("collectResults", { accepts: [ToolResultEvent], returns: [ModelTurnEvent], resources: { memory } }, async (ev, ctx, { memory }) => {
    // Waits for every call of the batch; the model sees the results in the order it asked for them.
    const batch = ctx.collectEvents(ev, Array.from({ length: ev.count }, () => ToolResultEvent));
    if (batch === null) return;
    const { sessionId } = await ctx.store.getState();
    const results = [...batch].sort((a, b) => a.index - b.index);
    await memory.forSession(sessionId).putMessages(results.map((r) => ({ role: "tool", toolCallId: r.id, name: r.name, content: r.output })));
    return new ModelTurnEvent();
  });
