import { buildResponse } from "../core/build-response.js";
import type OpenAI from "openai";
import type { FinishReason } from "../types/finish-reason.js";
import type { LLMResponse } from "../types/response.js";
import type { ToolCall } from "../types/tool-call.js";
import type { Usage } from "../types/usage.js";

export function toFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "stop":
    case "length":
    case "tool_calls":
    case "content_filter":
      return reason;
    case "function_call":
      return "tool_calls";
    default:
      return "other";
  }
}

export function toUsage(usage: OpenAI.CompletionUsage | null | undefined): Usage {
  const inputTokens = usage?.prompt_tokens ?? 0;
  const outputTokens = usage?.completion_tokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: usage?.total_tokens ?? inputTokens + outputTokens };
}

export interface AssembledReply {
  text: string;
  refusal?: string;
  toolCalls: ToolCall[];
  finishReason: string | null | undefined;
  usage: OpenAI.CompletionUsage | null | undefined;
  model?: string;
  id?: string;
  raw: unknown;
}

/** Builds the response; tool-call arguments are parsed later against the call's tools. */
export function toResponse(reply: AssembledReply): LLMResponse {
  return buildResponse({ ...reply, usage: toUsage(reply.usage), finishReason: toFinishReason(reply.finishReason) });
}

export function fromCompletion(completion: OpenAI.Chat.Completions.ChatCompletion): LLMResponse {
  const choice = completion.choices?.[0];
  const toolCalls: ToolCall[] = (choice?.message?.tool_calls ?? []).flatMap((call) =>
    call.type === "function"
      ? [{ id: call.id, name: call.function.name, arguments: undefined, rawArguments: call.function.arguments ?? "" }]
      : [],
  );
  return toResponse({
    text: choice?.message?.content ?? "",
    refusal: choice?.message?.refusal ?? undefined,
    toolCalls,
    finishReason: choice?.finish_reason,
    usage: completion.usage,
    model: completion.model,
    id: completion.id,
    raw: completion,
  });
}
