import type { FinishReason } from "../types/finish-reason.js";
import type { ChatMessage } from "../types/message.js";
import type { LLMResponse } from "../types/response.js";
import type { ToolCall } from "../types/tool-call.js";
import type { Usage } from "../types/usage.js";

export interface ResponseParts {
  text: string;
  toolCalls: ToolCall[];
  usage: Usage;
  finishReason: FinishReason;
  refusal?: string;
  model?: string;
  id?: string;
  raw: unknown;
}

/** An `LLMResponse` with its assistant message, leaving out what the provider did not say. */
export function buildResponse(parts: ResponseParts): LLMResponse {
  const message: ChatMessage = {
    role: "assistant",
    content: parts.text,
    ...(parts.toolCalls.length > 0 && { toolCalls: parts.toolCalls }),
  };
  return {
    text: parts.text,
    message,
    toolCalls: parts.toolCalls,
    usage: parts.usage,
    finishReason: parts.finishReason,
    ...(parts.refusal ? { refusal: parts.refusal } : {}),
    ...(parts.model !== undefined && { model: parts.model }),
    ...(parts.id !== undefined && { id: parts.id }),
    raw: parts.raw,
  };
}
