import type { LLM, LLMResponse, ToolCall } from "@weft/llm";
import { StopEvent, Workflow, type StepContext } from "@weft/workflows";
import type { z } from "zod";
import { MaxTurnsError } from "../errors/max-turns-error.js";
import { AgentInput, AgentOutput, AgentStart, AgentStream, AgentToolCall, AgentToolCallResult, AgentTurn } from "../events/agent-events.js";
import { inAgentSpan } from "../tracing/agent-span.js";
import { runToolCall } from "../tools/run-tool-call.js";
import type { AgentWorkflowOptions, SessionMemory } from "./agent-options.js";
import type { AgentResult } from "./agent-result.js";
import { agentStateSchema, type AgentState } from "./agent-state.js";
import { modelMessages } from "./model-messages.js";
import { MEMORY_KEY, resolveAgents, type ResolvedAgent, type ResolvedAgents } from "./resolve-agents.js";

/** What `run` takes: the user's message and, optionally, whose conversation it continues. */
export interface AgentRunInput {
  input: string;
  sessionId?: string;
}

/** What awaiting a run gives: the parsed `output` when there is a schema, else an `AgentResult`. */
export type AgentOutputOf<O> = O extends z.ZodType ? z.output<O> : AgentResult;

/** The workflow `agentWorkflow` returns: an ordinary `Workflow`, typed by its input and result. */
export type AgentWorkflow<O = undefined> = Workflow<AgentState, AgentRunInput, AgentOutputOf<O>, Record<string, unknown>>;

type AnyResources = Record<string, unknown>;

/**
 * The tool-calling loop as a workflow: the model reads the conversation and either answers (the run ends) or asks for
 * tools, which run concurrently (up to `maxParallelToolCalls`) and whose results — errors included — go back to it.
 *
 * ```text
 * AgentStart ─▶ start ─▶ AgentTurn ─▶ callModel ── no tool calls ──▶ StopEvent(result)
 *                           ▲            │ AgentToolCall × n
 *                           │            ▼
 *                 collectResults ◀─ AgentToolCallResult ◀─ callTool
 * ```
 */
export function agentWorkflow<O extends z.ZodType | undefined = undefined>(options: AgentWorkflowOptions<O>): AgentWorkflow<O> {
  const setup = resolveAgents(options);
  const { resources } = setup;
  const agentOf = (name: string): ResolvedAgent => {
    const agent = setup.agents.get(name);
    // Only a hand-edited snapshot can name an agent this workflow does not have.
    if (!agent) throw new Error(`Agent workflow "${setup.workflowName}": the run names agent "${name}", which this workflow does not have`);
    return agent;
  };

  const workflow = new Workflow({ name: setup.workflowName, timeout: setup.timeout, state: agentStateSchema })
    .step("start", { accepts: [AgentStart], returns: [AgentTurn] }, async (ev, ctx) => {
      await ctx.store.editState((s) => {
        s.sessionId = ev.sessionId;
        s.agent = setup.root;
        s.transcript.push({ role: "user", content: ev.input });
      });
      ctx.writeEventToStream(new AgentInput({ input: ev.input, sessionId: ev.sessionId, agent: setup.root }));
      return new AgentTurn({ turn: 1 });
    })
    .step("callModel", { accepts: [AgentTurn], returns: [AgentToolCall, StopEvent], resources, retry: setup.retry }, async (ev, ctx, res) =>
      callModel(setup, agentOf, ev, ctx, res as AnyResources),
    )
    .step(
      "callTool",
      { accepts: [AgentToolCall], returns: [AgentToolCallResult], numWorkers: setup.maxParallelToolCalls },
      async (ev, ctx) => {
        const state = await ctx.store.getState();
        const pending = state.pending.find((p) => p.toolId === ev.toolId);
        const call: ToolCall = { id: ev.toolId, name: ev.toolName, arguments: ev.toolKwargs, rawArguments: pending?.rawArguments ?? JSON.stringify(ev.toolKwargs) };
        const { output, isError } = await runToolCall(agentOf(ev.agent).tools, call, {
          ctx,
          signal: ctx.signal,
          toolCall: call,
          agent: ev.agent,
          sessionId: state.sessionId,
        });
        const result = new AgentToolCallResult({ toolName: ev.toolName, toolId: ev.toolId, toolOutput: output, isError, agent: ev.agent });
        ctx.writeEventToStream(result);
        return result;
      },
    )
    .step("collectResults", { accepts: [AgentToolCallResult], returns: [AgentTurn], numWorkers: 1 }, async (ev, ctx) => {
      const { pending, turns } = await ctx.store.getState();
      const batch = ctx.collectEvents(ev, pending.map(() => AgentToolCallResult));
      if (batch === null) return;
      const byId = new Map(batch.map((r) => [r.toolId, r]));
      await ctx.store.editState((s) => {
        // The model reads the results in the order it asked for them, whatever order they finished in.
        for (const { toolId, rawArguments } of s.pending) {
          const r = byId.get(toolId)!;
          s.transcript.push({ role: "tool", toolCallId: toolId, name: r.toolName, content: r.toolOutput });
          s.toolCalls.push({ toolName: r.toolName, toolId, toolKwargs: parseKwargs(rawArguments), toolOutput: r.toolOutput, isError: r.isError, agent: r.agent });
        }
        s.pending = [];
        if (s.handoffTo !== null) {
          s.agent = s.handoffTo;
          s.handoffTo = null;
        }
      });
      return new AgentTurn({ turn: turns + 1 });
    });
  return workflow as unknown as AgentWorkflow<O>;
}

async function callModel(
  setup: ResolvedAgents,
  agentOf: (name: string) => ResolvedAgent,
  ev: InstanceType<typeof AgentTurn>,
  ctx: StepContext<AgentState>,
  res: AnyResources,
): Promise<InstanceType<typeof AgentToolCall> | StopEvent | undefined> {
  const state = await ctx.store.getState();
  // A run saved while this step was finishing re-runs it; the turn it was for is already recorded, its calls sent.
  if (ev.turn <= state.turns) return undefined;
  const agent = agentOf(state.agent);
  if (state.turns >= setup.maxTurns) throw new MaxTurnsError(setup.workflowName, agent.name, setup.maxTurns);
  const llm = res[agent.llmKey] as LLM;
  const memory = (res[MEMORY_KEY] as SessionMemory).forSession(state.sessionId);
  const turn = ev.turn;

  return inAgentSpan(agent.name, turn, async () => {
    const messages = modelMessages(agent.systemPrompt, await memory.get(), state.transcript);
    const stream = llm.streamChat(messages, { tools: agent.tools.length > 0 ? agent.tools : undefined, signal: ctx.signal });
    for await (const chunk of stream) if (chunk.delta) ctx.writeEventToStream(new AgentStream({ delta: chunk.delta, agent: agent.name }));
    const reply = await stream.finalResponse();
    const calls = reply.toolCalls.map((c) => ({ toolName: c.name, toolId: c.id, toolKwargs: parseKwargs(c.rawArguments) }));
    const output = new AgentOutput({ response: reply.message, toolCalls: calls, agent: agent.name });

    if (calls.length > 0) {
      await ctx.store.editState((s) => {
        recordTurn(s, turn, reply);
        s.pending = reply.toolCalls.map((c) => ({ toolId: c.id, toolName: c.name, rawArguments: c.rawArguments }));
      });
      // Nothing awaited from here on: a snapshot that holds this turn also holds its tool calls.
      ctx.writeEventToStream(output);
      for (const call of calls) {
        const ev = new AgentToolCall({ ...call, agent: agent.name });
        ctx.writeEventToStream(ev);
        ctx.sendEvent(ev);
      }
      return undefined;
    }
    const result = setup.output ? await llm.structured(setup.output, [...messages, reply.message], { signal: ctx.signal }) : undefined;
    // The finished turn goes to memory in one piece; a run that fails before this leaves the session as it was.
    await memory.putMessages([...state.transcript, reply.message]);
    const after = await ctx.store.editState((s) => recordTurn(s, turn, reply));
    ctx.writeEventToStream(output);
    return new StopEvent({ result: result ?? answer(reply, after) });
  });
}

function recordTurn(state: AgentState, turn: number, reply: LLMResponse): void {
  state.turns = turn;
  state.transcript.push(reply.message);
  state.usage.inputTokens += reply.usage.inputTokens;
  state.usage.outputTokens += reply.usage.outputTokens;
  state.usage.totalTokens += reply.usage.totalTokens;
}

function answer(reply: LLMResponse, state: AgentState): AgentResult {
  return {
    text: reply.text,
    message: reply.message,
    toolCalls: state.toolCalls,
    agent: state.agent,
    sessionId: state.sessionId,
    turns: state.turns,
    usage: state.usage,
  };
}

function parseKwargs(raw: string): Record<string, unknown> {
  try {
    const value: unknown = raw.trim() === "" ? {} : JSON.parse(raw);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
