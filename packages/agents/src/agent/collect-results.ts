import type { StepContext } from "@weft/workflows";
import { AgentTurn } from "../events/agent-events.js";
import type { AgentState } from "./agent-state.js";
import { parseKwargs } from "./parse-kwargs.js";

/**
 * Once every tool call of the turn has its result (in the state), gives them to the conversation in the order the
 * model asked for them, applies a hand-off, and starts the next turn.
 */
export async function collectResults(ctx: StepContext<AgentState>): Promise<InstanceType<typeof AgentTurn> | undefined> {
  let complete = false;
  const state = await ctx.store.editState((s) => {
    if (s.pending.length === 0 || s.pending.some((p) => p.result === null)) return;
    complete = true;
    for (const { toolId, toolName, rawArguments, result } of s.pending) {
      const { output, isError } = result!;
      s.transcript.push({ role: "tool", toolCallId: toolId, name: toolName, content: output });
      s.toolCalls.push({ toolName, toolId, toolKwargs: parseKwargs(rawArguments), toolOutput: output, isError, agent: s.agent });
    }
    s.pending = [];
    if (s.handoffTo !== null) {
      s.agent = s.handoffTo;
      s.handoffTo = null;
    }
  });
  return complete ? new AgentTurn({ turn: state.turns + 1 }) : undefined;
}
