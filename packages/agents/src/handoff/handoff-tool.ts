import { defineTool, type Tool } from "@weft/llm";
import { z } from "zod";
import { agentContextOf } from "../tools/agent-tool-context.js";

/** The tool name the model calls to hand off, as in LlamaIndex's `AgentWorkflow`. */
export const HANDOFF_TOOL = "handoff";

/**
 * The hand-off tool of one agent: the model names one of `targets`; the hand-off takes effect when the turn's tool
 * results are in, and the next model turn is the other agent's, on the same conversation.
 */
export function handoffTool(targets: readonly { name: string; description?: string }[]): Tool {
  const names = targets.map((t) => t.name) as [string, ...string[]];
  const list = targets.map((t) => `- ${t.name}${t.description ? `: ${t.description}` : ""}`).join("\n");
  return defineTool(
    HANDOFF_TOOL,
    {
      description: `Hand the conversation to another agent that is better suited to the request. The agents:\n${list}`,
      parameters: z.object({
        to_agent: z.enum(names).describe("The agent to hand off to"),
        reason: z.string().describe("Why that agent should take over"),
      }),
    },
    async ({ to_agent, reason }, context) => {
      const agent = agentContextOf(context);
      if (!agent) throw new TypeError(`tool "${HANDOFF_TOOL}" runs only inside an agent workflow`);
      await agent.ctx.store.editState((s) => {
        s.handoffTo = to_agent;
      });
      return `Agent ${to_agent} is now handling the request, because: ${reason}. Please continue with the current request.`;
    },
  );
}
