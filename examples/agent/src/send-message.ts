import { defineAgentTool } from "@weft/agents";
import { HumanResponseEvent, InputRequiredEvent } from "@weft/workflows";
import { z } from "zod";

/**
 * A tool with a human in the loop: it asks before it acts. The run waits at `waitForEvent` — for seconds in a chat, or
 * for days in a saved run that another process resumes (see `src/durable.ts`).
 */
export const sendMessage = defineAgentTool(
  "send_message",
  {
    description: "Send a text message to a person. The user is asked to approve it first.",
    parameters: z.object({ to: z.string(), text: z.string() }),
  },
  async ({ to, text }, { ctx, toolCall }) => {
    const toolId = toolCall?.id ?? "";
    // The question carries the call's id, and only an answer naming it counts: two approvals never get mixed up.
    const answer = await ctx.waitForEvent(HumanResponseEvent, {
      waiterEvent: new InputRequiredEvent({ prefix: `Send "${text}" to ${to}? (yes/no) `, toolId }),
      requirements: { toolId },
    });
    if (answer.response.trim().toLowerCase() !== "yes") return { sent: false, reason: "the user did not approve" };
    return { sent: true, to };
  },
);
