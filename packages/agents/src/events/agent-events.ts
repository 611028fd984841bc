import { defineEvent, defineStartEvent } from "@weft/workflows";
import { z } from "zod";
import { chatMessageSchema } from "./chat-message-schema.js";

// The names and fields follow LlamaIndex's agent workflows (`AgentInput`, `AgentStream`, `ToolCall`,
// `ToolCallResult`, `AgentOutput`), so their users find what they expect; `agent` is their `current_agent_name`.

/** What `run({ input, sessionId })` starts with: the user's message and whose conversation it continues. */
export const AgentStart = defineStartEvent("AgentStart", {
  input: z.string().min(1, "input must be the user's message (a non-empty string)"),
  /** Memory keeps one conversation per session. */
  sessionId: z.string().min(1).default("default"),
});

/** The user's message, as the run starts. */
export const AgentInput = defineEvent("AgentInput", {
  input: z.string(),
  sessionId: z.string(),
  agent: z.string(),
});

/** A piece of the model's answer as it streams. */
export const AgentStream = defineEvent("AgentStream", {
  delta: z.string(),
  agent: z.string(),
});

/** A tool the model asked for; sent to the tool step and written to the stream. */
export const AgentToolCall = defineEvent("AgentToolCall", {
  toolName: z.string(),
  toolId: z.string(),
  /** The arguments as the model wrote them (parsed JSON; `{}` when they were not JSON). */
  toolKwargs: z.record(z.string(), z.unknown()),
  agent: z.string(),
});

/** A tool's result, or its error (`isError`), exactly as the model reads it. */
export const AgentToolCallResult = defineEvent("AgentToolCallResult", {
  toolName: z.string(),
  toolId: z.string(),
  toolOutput: z.string(),
  isError: z.boolean(),
  agent: z.string(),
});

/**
 * One model turn's reply: the assistant message and the tools it asked for. The last one of a run has no tool calls
 * and is the answer.
 */
export const AgentOutput = defineEvent("AgentOutput", {
  response: chatMessageSchema,
  toolCalls: z.array(z.object({ toolName: z.string(), toolId: z.string(), toolKwargs: z.record(z.string(), z.unknown()) })),
  agent: z.string(),
});

/** Internal: model turn `turn` (1, 2, …) is due. */
export const AgentTurn = defineEvent("AgentTurn", { turn: z.number().int().min(1) });
