import type OpenAI from "openai";
import { textOf } from "../core/text-of.js";
import type { ChatMessage, ContentPart } from "../types/message.js";

type Param = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type UserPart = OpenAI.Chat.Completions.ChatCompletionContentPart;

/** Converts Weft messages to the Chat Completions wire shape. */
export function toOpenAIMessages(messages: readonly ChatMessage[]): Param[] {
  return messages.map((message, i): Param => {
    switch (message.role) {
      case "system":
        return { role: "system", content: textOf(message.content, i), ...named(message) };
      case "user":
        return {
          role: "user",
          content: typeof message.content === "string" ? message.content : message.content.map(toUserPart),
          ...named(message),
        };
      case "assistant": {
        const text = textOf(message.content, i);
        const toolCalls = message.toolCalls ?? [];
        return {
          role: "assistant",
          content: text === "" && toolCalls.length > 0 ? null : text,
          ...named(message),
          ...(toolCalls.length > 0 && {
            tool_calls: toolCalls.map((call) => ({
              id: call.id,
              type: "function" as const,
              function: { name: call.name, arguments: call.rawArguments ?? JSON.stringify(call.arguments ?? {}) },
            })),
          }),
        };
      }
      case "tool":
        if (!message.toolCallId) {
          throw new TypeError(`messages[${i}]: a "tool" message needs toolCallId (the id of the call it answers)`);
        }
        return { role: "tool", tool_call_id: message.toolCallId, content: textOf(message.content, i) };
    }
  });
}

function toUserPart(part: ContentPart): UserPart {
  if (part.type === "text") return { type: "text", text: part.text };
  return { type: "image_url", image_url: { url: part.url, ...(part.detail && { detail: part.detail }) } };
}

function named(message: ChatMessage): { name?: string } {
  return message.name === undefined ? {} : { name: message.name };
}
