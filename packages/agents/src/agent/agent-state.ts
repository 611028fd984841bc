import { z } from "zod";
import { chatMessageSchema } from "../events/chat-message-schema.js";

/**
 * Everything a run needs between steps. It lives in the workflow state, so `ctx.toDict()` carries a paused run to
 * another process whole, whatever the memory store is; memory receives the turn once it is finished.
 */
export const agentStateSchema = z.object({
  sessionId: z.string().default("default"),
  /** The agent whose turn it is. */
  agent: z.string().default(""),
  /** This run's messages: the user's, the model's and the tools'. */
  transcript: z.array(chatMessageSchema).default([]),
  turns: z.number().int().default(0),
  /**
   * The tool calls of the current model turn, in the order the model asked for them, each with its result once done.
   * Only these run, and only their results count: the events are triggers, the state is the truth — an event sent
   * from outside (a server's `POST /events`) cannot run a tool the model did not ask for or forge a result.
   */
  pending: z
    .array(
      z.object({
        toolId: z.string(),
        toolName: z.string(),
        rawArguments: z.string(),
        result: z.object({ output: z.string(), isError: z.boolean() }).nullable().default(null),
      }),
    )
    .default([]),
  toolCalls: z
    .array(
      z.object({
        toolName: z.string(),
        toolId: z.string(),
        toolKwargs: z.record(z.string(), z.unknown()),
        toolOutput: z.string(),
        isError: z.boolean(),
        agent: z.string(),
      }),
    )
    .default([]),
  /** Set by the hand-off tool; takes effect when the turn's tool results are in. */
  handoffTo: z.string().nullable().default(null),
  usage: z
    .object({ inputTokens: z.number(), outputTokens: z.number(), totalTokens: z.number() })
    .default({ inputTokens: 0, outputTokens: 0, totalTokens: 0 }),
});

export type AgentState = z.output<typeof agentStateSchema>;
