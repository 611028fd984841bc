import type { ChatMessage } from "../messages/chat-message.js";
import type { Tokenizer } from "./tokenizer.js";

/** Tokens the chat format adds around each message (role and delimiters), as OpenAI counts them. */
export const MESSAGE_OVERHEAD_TOKENS = 3;

/**
 * What OpenAI bills for an image: 85 tokens at low detail; a high-detail 1024×1024 image costs 765.
 * The real size is unknown here, so this is an estimate.
 */
const IMAGE_TOKENS = { low: 85, other: 765 };

/** Tokens one message takes in a prompt. */
export function countMessageTokens(message: ChatMessage, tokenizer: Tokenizer): number {
  let tokens = MESSAGE_OVERHEAD_TOKENS;
  if (typeof message.content === "string") {
    tokens += tokenizer.count(message.content);
  } else {
    for (const part of message.content) {
      tokens += part.type === "text" ? tokenizer.count(part.text) : part.detail === "low" ? IMAGE_TOKENS.low : IMAGE_TOKENS.other;
    }
  }
  if (message.name !== undefined) tokens += 1 + tokenizer.count(message.name);
  if (message.toolCallId !== undefined) tokens += tokenizer.count(message.toolCallId);
  for (const call of message.toolCalls ?? []) {
    tokens += MESSAGE_OVERHEAD_TOKENS + tokenizer.count(call.name) + tokenizer.count(call.rawArguments ?? JSON.stringify(call.arguments));
  }
  return tokens;
}
