import type { ToolCall } from "./tool-call.js";

/** Who wrote a message. `tool` carries a tool's result back to the model. */
export type ChatRole = "system" | "user" | "assistant" | "tool";

export interface TextPart {
  type: "text";
  text: string;
}

/**
 * An image the model should look at. `url` is an http(s) URL or a `data:` URL
 * (`data:image/png;base64,…`); `detail` is a hint providers may ignore.
 */
export interface ImagePart {
  type: "image";
  url: string;
  detail?: "auto" | "low" | "high";
}

export type ContentPart = TextPart | ImagePart;

export interface ChatMessage {
  role: ChatRole;
  content: string | ContentPart[];
  /** Tool calls an assistant message asked for. */
  toolCalls?: ToolCall[];
  /** On a `tool` message: the id of the call this message answers. */
  toolCallId?: string;
  /** Optional author name (user/assistant) or tool name (tool). */
  name?: string;
}
