import { buildResponse } from "../core/build-response.js";
import type Anthropic from "@anthropic-ai/sdk";
import type { FinishReason } from "../types/finish-reason.js";
import type { LLMResponse } from "../types/response.js";
import type { ToolCall } from "../types/tool-call.js";
import type { Usage } from "../types/usage.js";

type StopReason = Anthropic.Messages.StopReason;
type AnthropicUsage = Partial<Pick<Anthropic.Messages.Usage, "input_tokens" | "output_tokens" | "cache_read_input_tokens" | "cache_creation_input_tokens">>;

export function toFinishReason(reason: StopReason | null | undefined): FinishReason {
  switch (reason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      return "other";
  }
}

/** `inputTokens` counts cached tokens too (Anthropic's `input_tokens` leaves them out), as OpenAI's does. */
export function toUsage(usage: AnthropicUsage | null | undefined): Usage {
  const cacheReadTokens = usage?.cache_read_input_tokens ?? 0;
  const cacheWriteTokens = usage?.cache_creation_input_tokens ?? 0;
  const inputTokens = (usage?.input_tokens ?? 0) + cacheReadTokens + cacheWriteTokens;
  const outputTokens = usage?.output_tokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, cacheReadTokens, cacheWriteTokens };
}

export interface AssembledMessage {
  text: string;
  toolCalls: ToolCall[];
  stopReason: StopReason | null | undefined;
  usage: AnthropicUsage;
  model?: string;
  id?: string;
  raw: unknown;
}

/** Builds the response; tool-call arguments are parsed later against the call's tools. */
export function toResponse(reply: AssembledMessage): LLMResponse {
  return buildResponse({
    ...reply,
    usage: toUsage(reply.usage),
    finishReason: toFinishReason(reply.stopReason),
    ...(reply.stopReason === "refusal" && { refusal: reply.text || "the model declined to answer" }),
  });
}

export function fromMessage(message: Anthropic.Messages.Message): LLMResponse {
  let text = "";
  const toolCalls: ToolCall[] = [];
  for (const block of message.content ?? []) {
    if (block.type === "text") text += block.text;
    else if (block.type === "tool_use") {
      toolCalls.push({ id: block.id, name: block.name, arguments: undefined, rawArguments: JSON.stringify(block.input ?? {}) });
    }
  }
  return toResponse({
    text,
    toolCalls,
    stopReason: message.stop_reason,
    usage: message.usage,
    model: message.model,
    id: message.id,
    raw: message,
  });
}
