import type { ToolCall } from "@weft/llm";
import type { StepContext } from "@weft/workflows";
import { AgentToolCallResult, type AgentToolCall } from "../events/agent-events.js";
import { runToolCall } from "../tools/run-tool-call.js";
import type { AgentState } from "./agent-state.js";
import type { ResolvedAgent } from "./resolve-agents.js";

/**
 * Runs one tool call of the current turn — as the model wrote it, from the state, not from the event — and records
 * its result in the state. A call the model did not ask for, or one already done, is ignored.
 */
export async function callTool(
  agentOf: (name: string) => ResolvedAgent,
  ev: InstanceType<typeof AgentToolCall>,
  ctx: StepContext<AgentState>,
): Promise<InstanceType<typeof AgentToolCallResult> | undefined> {
  const state = await ctx.store.getState();
  const pending = state.pending.find((p) => p.toolId === ev.toolId && p.toolName === ev.toolName);
  if (!pending || pending.result !== null) return undefined;
  const call: ToolCall = { id: pending.toolId, name: pending.toolName, arguments: ev.toolKwargs, rawArguments: pending.rawArguments };
  const { output, isError } = await runToolCall(agentOf(state.agent).tools, call, {
    ctx,
    signal: ctx.signal,
    toolCall: call,
    agent: state.agent,
    sessionId: state.sessionId,
  });
  await ctx.store.editState((s) => {
    const entry = s.pending.find((p) => p.toolId === call.id);
    if (entry && entry.result === null) entry.result = { output, isError };
  });
  const result = new AgentToolCallResult({ toolName: call.name, toolId: call.id, toolOutput: output, isError, agent: state.agent });
  ctx.writeEventToStream(result);
  return result;
}
