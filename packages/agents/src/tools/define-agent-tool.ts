import { defineTool, type Tool, type ToolDefinition } from "@weft/llm";
import type { z } from "zod";
import { agentContextOf, type AgentToolContext } from "./agent-tool-context.js";

/**
 * `defineTool` for tools that need the run: to ask a human (`ctx.waitForEvent`), write to the stream, or read the
 * store. Calling it outside an agent workflow throws, naming the tool.
 *
 * ```ts
 * const deleteFile = defineAgentTool("delete_file", { description, parameters: z.object({ path: z.string() }) },
 *   async ({ path }, { ctx, toolCall }) => {
 *     const answer = await ctx.waitForEvent(HumanResponseEvent, {
 *       waiterEvent: new InputRequiredEvent({ prefix: `Delete ${path}? (yes/no)`, toolId: toolCall?.id }),
 *       requirements: { toolId: toolCall?.id },
 *     });
 *     return answer.response === "yes" ? rm(path) : "The user said no.";
 *   });
 * ```
 */
export function defineAgentTool<P extends z.ZodType, R = unknown>(
  name: string,
  definition: ToolDefinition<P>,
  execute: (args: z.output<P>, context: AgentToolContext) => R | Promise<R>,
): Tool<P, R> {
  return defineTool(name, definition, (args, context) => {
    const agentContext = agentContextOf(context);
    if (!agentContext) throw new TypeError(`tool "${name}" runs only inside an agent workflow: it needs the run's context`);
    return execute(args, agentContext);
  });
}
