import type { LLM, LLMResponse } from "@weft/llm";
import { StopEvent, type StepContext } from "@weft/workflows";
import { MaxTurnsError } from "../errors/max-turns-error.js";
import { AgentOutput, AgentStream, AgentToolCall, type AgentTurn } from "../events/agent-events.js";
import { inAgentSpan } from "../tracing/agent-span.js";
import type { SessionMemory } from "./agent-options.js";
import type { AgentResult } from "./agent-result.js";
import type { AgentState } from "./agent-state.js";
import { modelMessages } from "./model-messages.js";
import { parseKwargs } from "./parse-kwargs.js";
import { MEMORY_KEY, type ResolvedAgent, type ResolvedAgents } from "./resolve-agents.js";

/**
 * One model turn of the agent whose turn it is: sends the conversation, streams the text, then either sends the tool
 * calls the model asked for or ends the run with the answer.
 */
export async function callModel(
  setup: ResolvedAgents,
  agentOf: (name: string) => ResolvedAgent,
  ev: InstanceType<typeof AgentTurn>,
  ctx: StepContext<AgentState>,
  resources: Record<string, unknown>,
): Promise<InstanceType<typeof AgentToolCall> | StopEvent | undefined> {
  const state = await ctx.store.getState();
  // Only the next turn, and only once the last one's tools are done: a step re-run after a restore, or a turn event
  // sent from outside, finds its turn recorded (or tools still running) and does nothing.
  if (ev.turn !== state.turns + 1 || state.pending.length > 0) return undefined;
  const agent = agentOf(state.agent);
  if (state.turns >= setup.maxTurns) throw new MaxTurnsError(setup.workflowName, agent.name, setup.maxTurns);
  const llm = resources[agent.llmKey] as LLM;
  const memory = (resources[MEMORY_KEY] as SessionMemory).forSession(state.sessionId);
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
        s.pending = reply.toolCalls.map((c) => ({ toolId: c.id, toolName: c.name, rawArguments: c.rawArguments, result: null }));
      });
      // Nothing awaited from here on: a snapshot that holds this turn also holds its tool calls.
      ctx.writeEventToStream(output);
      for (const call of calls) {
        const toolCall = new AgentToolCall({ ...call, agent: agent.name });
        ctx.writeEventToStream(toolCall);
        ctx.sendEvent(toolCall);
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
