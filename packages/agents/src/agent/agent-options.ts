import type { ChatMessage, LLM, Tool } from "@weft/llm";
import type { Resource, RetryPolicy } from "@weft/workflows";
import type { z } from "zod";

/** Where an agent keeps conversations: a `MemorySessions` from `@weft/memory`, or anything shaped like it. */
export interface SessionMemory {
  forSession(sessionId: string): {
    /** The earlier turns to send to the model (fitting its budget). */
    get(): Promise<ChatMessage[]>;
    /** Stores a finished turn, atomically. */
    putMessages(messages: readonly ChatMessage[]): Promise<void>;
  };
}

/** A model given directly, or as a workflow resource (so a run can replace it: `run(input, { resources: { llm } })`). */
export type LLMSource = LLM | Resource<string, LLM>;

/** One agent of an agent workflow. */
export interface AgentConfig {
  /** Unique in its workflow; what other agents hand off to and what traces show (`invoke_agent <name>`). */
  name: string;
  /** What it is good at: shown to the agents that may hand off to it. */
  description?: string;
  llm: LLMSource;
  tools?: readonly Tool[];
  systemPrompt?: string;
  /** The agents it may pass the conversation to (LlamaIndex's `can_handoff_to`). */
  canHandoffTo?: readonly string[];
}

/** What every agent workflow may set, one agent or several. */
export interface AgentRunOptions<O extends z.ZodType | undefined> {
  /** The workflow's name (default: the root agent's name). */
  name?: string;
  /** One conversation per `sessionId`, kept across runs; default: a `MemorySessions` in this process. */
  memory?: SessionMemory | Resource<string, SessionMemory>;
  /** Model turns per run before it fails with `MaxTurnsError` (default 20). */
  maxTurns?: number;
  /** A zod schema: the final answer is then asked for in this shape, and awaiting the run gives the parsed object. */
  output?: O;
  /** How many tool calls run at once (default 4). */
  maxParallelToolCalls?: number;
  /**
   * Retries of a model turn that failed, e.g. on rate limits (`retryOn`). A rate limit fails a call before any text
   * streams, so its retry repeats none; a turn is recorded only once its call succeeded.
   */
  retry?: RetryPolicy;
  /** Seconds a run may take; default `null` (none: `maxTurns` bounds the loop, a paused run may wait for a human). */
  timeout?: number | null;
}

/** `agentWorkflow` with one agent. */
export interface SingleAgentOptions<O extends z.ZodType | undefined = undefined> extends AgentRunOptions<O> {
  llm: LLMSource;
  tools?: readonly Tool[];
  systemPrompt?: string;
}

/** `agentWorkflow` with several agents that hand the conversation to each other. */
export interface MultiAgentOptions<O extends z.ZodType | undefined = undefined> extends AgentRunOptions<O> {
  agents: readonly AgentConfig[];
  /** The agent that takes the user's message (default: the first). */
  rootAgent?: string;
}

export type AgentWorkflowOptions<O extends z.ZodType | undefined = undefined> = SingleAgentOptions<O> | MultiAgentOptions<O>;
