import type { ChatMessage, Usage } from "@weft/llm";

/** One tool call of a run and what came back. */
export interface AgentToolCallRecord {
  toolName: string;
  toolId: string;
  toolKwargs: Record<string, unknown>;
  toolOutput: string;
  isError: boolean;
  /** The agent that asked for it. */
  agent: string;
}

/** What awaiting an agent run gives (without an `output` schema). */
export interface AgentResult {
  /** The answer's text. */
  text: string;
  /** The answer as an assistant message. */
  message: ChatMessage;
  /** Every tool call of the run, in the order they were asked for. */
  toolCalls: AgentToolCallRecord[];
  /** The agent that answered (after hand-offs, not always the first). */
  agent: string;
  sessionId: string;
  /** Model turns the run took. */
  turns: number;
  /** Tokens of every model call of the run. */
  usage: Usage;
}
