import type { ToolContext } from "@weft/llm";
import type { StepContext } from "@weft/workflows";
import type { AgentState } from "../agent/agent-state.js";

/** What a tool gets when an agent workflow calls it: the run's context besides the call and its signal. */
export interface AgentToolContext extends ToolContext {
  /** The step's context: `waitForEvent` to ask a human, `writeEventToStream`, `store`. */
  ctx: StepContext<AgentState>;
  /** The agent that asked for the call. */
  agent: string;
  sessionId: string;
}

/** The context a tool was called with, if an agent workflow called it. */
export function agentContextOf(context: ToolContext): AgentToolContext | undefined {
  const ctx = (context as Partial<AgentToolContext>).ctx;
  return ctx ? (context as AgentToolContext) : undefined;
}
