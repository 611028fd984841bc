import type { ChatMessage } from "./chat-message.js";

/** The readable text of a message: its string content or its text parts joined, tool calls as `name(args)`. */
export function messageText(message: ChatMessage): string {
  const text =
    typeof message.content === "string"
      ? message.content
      : message.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
  const calls = (message.toolCalls ?? []).map((call) => `${call.name}(${call.rawArguments ?? JSON.stringify(call.arguments)})`);
  return [text, ...calls].filter((s) => s !== "").join("\n");
}
