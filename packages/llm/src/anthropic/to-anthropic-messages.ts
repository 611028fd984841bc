import type Anthropic from "@anthropic-ai/sdk";
import { textOf } from "../core/text-of.js";
import type { ChatMessage, ContentPart } from "../types/message.js";

type MessageParam = Anthropic.Messages.MessageParam;
type Block = Anthropic.Messages.ContentBlockParam;
type MediaType = Anthropic.Messages.Base64ImageSource["media_type"];

const MEDIA_TYPES = new Set<string>(["image/jpeg", "image/png", "image/gif", "image/webp"]);
const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

export interface AnthropicMessages {
  /** System messages, joined: the Messages API takes them as one top-level `system`. */
  system?: string;
  messages: MessageParam[];
}

/**
 * Converts Weft messages to the Messages API: tool results become `tool_result` blocks of a user turn, assistant
 * tool calls `tool_use` blocks, and consecutive turns of one role are merged, as the API expects them.
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): AnthropicMessages {
  const system: string[] = [];
  const out: MessageParam[] = [];
  const push = (role: "user" | "assistant", blocks: Block[]) => {
    const last = out.at(-1);
    if (last?.role === role) (last.content as Block[]).push(...blocks);
    else out.push({ role, content: blocks });
  };
  messages.forEach((message, i) => {
    switch (message.role) {
      case "system":
        system.push(textOf(message.content, i));
        return;
      case "user":
        return push("user", typeof message.content === "string" ? [text(message.content)] : message.content.map((part) => toBlock(part, i)));
      case "assistant": {
        const content = textOf(message.content, i);
        const blocks: Block[] = content === "" ? [] : [text(content)];
        for (const call of message.toolCalls ?? []) {
          blocks.push({ type: "tool_use", id: call.id, name: call.name, input: call.arguments ?? parseInput(call.rawArguments) });
        }
        return push("assistant", blocks);
      }
      case "tool":
        if (!message.toolCallId) {
          throw new TypeError(`messages[${i}]: a "tool" message needs toolCallId (the id of the call it answers)`);
        }
        return push("user", [{ type: "tool_result", tool_use_id: message.toolCallId, content: textOf(message.content, i) }]);
    }
  });
  return { ...(system.length > 0 && { system: system.join("\n\n") }), messages: out };
}

function text(value: string): Anthropic.Messages.TextBlockParam {
  return { type: "text", text: value };
}

function toBlock(part: ContentPart, index: number): Block {
  if (part.type === "text") return text(part.text);
  const data = DATA_URL.exec(part.url);
  if (data) {
    if (!MEDIA_TYPES.has(data[1]!)) {
      throw new TypeError(`messages[${index}]: image type ${data[1]} is not one Anthropic accepts (jpeg, png, gif, webp)`);
    }
    return { type: "image", source: { type: "base64", media_type: data[1] as MediaType, data: data[2]! } };
  }
  return { type: "image", source: { type: "url", url: part.url } };
}

function parseInput(raw: string): unknown {
  try {
    return raw.trim() === "" ? {} : JSON.parse(raw);
  } catch {
    return {};
  }
}
