import type { ChatRequest } from "../core/chat-request.js";

/**
 * A cheap upper-side guess of a request's tokens before it is sent: about four characters a token for its text,
 * plus `maxTokens` of answer when set. The limiter corrects it from the call's usage afterwards.
 */
export function estimateTokens(request: ChatRequest): number {
  let chars = 0;
  for (const message of request.messages) {
    if (typeof message.content === "string") chars += message.content.length;
    else for (const part of message.content) chars += part.type === "text" ? part.text.length : IMAGE_CHARS;
    for (const call of message.toolCalls ?? []) chars += call.rawArguments.length + call.name.length;
  }
  return Math.ceil(chars / 4) + (request.options.maxTokens ?? 0);
}

/** An image counts as about a thousand tokens. */
const IMAGE_CHARS = 4_000;
