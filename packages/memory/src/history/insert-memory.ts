import type { ChatMessage } from "../messages/chat-message.js";

export type InsertMethod = "system" | "user";

/**
 * Puts the memory text into the window: `system` merges it into a leading system message or adds
 * one; `user` prefixes the latest user message. Returns the new messages and the index of the one
 * that is new or changed (so only that one needs counting again).
 */
export function insertMemory(
  window: readonly ChatMessage[],
  memoryText: string,
  method: InsertMethod,
): { messages: ChatMessage[]; changed: number; replaced: boolean } {
  const messages = [...window];
  if (method === "user") {
    const index = messages.map((m) => m.role).lastIndexOf("user");
    if (index >= 0) {
      messages[index] = withPrefix(messages[index], memoryText);
      return { messages, changed: index, replaced: true };
    }
  }
  if (messages[0]?.role === "system") {
    messages[0] = withSuffix(messages[0], memoryText);
    return { messages, changed: 0, replaced: true };
  }
  messages.unshift({ role: "system", content: memoryText });
  return { messages, changed: 0, replaced: false };
}

function withPrefix(message: ChatMessage, text: string): ChatMessage {
  return typeof message.content === "string"
    ? { ...message, content: `${text}\n\n${message.content}` }
    : { ...message, content: [{ type: "text", text }, ...message.content] };
}

function withSuffix(message: ChatMessage, text: string): ChatMessage {
  return typeof message.content === "string"
    ? { ...message, content: `${message.content}\n\n${text}` }
    : { ...message, content: [...message.content, { type: "text", text }] };
}
