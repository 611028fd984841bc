import type { FinishReason } from "./finish-reason.js";
import type { Usage } from "./usage.js";

/** A piece of a tool call as it streams in; `index` groups pieces of the same call. */
export interface ToolCallDelta {
  index: number;
  id?: string;
  name?: string;
  /** A fragment of the JSON arguments text. */
  argumentsDelta?: string;
}

export interface LLMChunk {
  /** Text added by this chunk ("" for chunks that only carry tool calls or usage). */
  delta: string;
  /** All text received so far. */
  text: string;
  toolCallDeltas?: ToolCallDelta[];
  /** Present on the chunk where the provider reported it (usually the last). */
  finishReason?: FinishReason;
  usage?: Usage;
  raw?: unknown;
}
