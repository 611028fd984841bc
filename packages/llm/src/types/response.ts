import type { FinishReason } from "./finish-reason.js";
import type { ChatMessage } from "./message.js";
import type { ToolCall } from "./tool-call.js";
import type { Usage } from "./usage.js";

export interface LLMResponse {
  /** The assistant's text ("" when it only called tools). */
  text: string;
  /** The assistant message, ready to append to a conversation. */
  message: ChatMessage;
  toolCalls: ToolCall[];
  usage: Usage;
  finishReason: FinishReason;
  /** The model that answered, as reported by the provider. */
  model?: string;
  /** The provider's response id. */
  id?: string;
  /** Set when the model declined to answer (OpenAI `refusal`). */
  refusal?: string;
  /** The provider's raw response (the final chunk's data for streams). */
  raw?: unknown;
}
