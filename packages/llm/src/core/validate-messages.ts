import type { ChatMessage, ContentPart } from "../types/message.js";

const ROLES = new Set(["system", "user", "assistant", "tool"]);

/** Throws a TypeError naming the first malformed message and what is wrong with it. */
export function validateMessages(method: string, messages: readonly ChatMessage[]): void {
  if (!Array.isArray(messages)) throw new TypeError(`${method}: messages must be an array of { role, content }`);
  messages.forEach((message, i) => {
    const where = `${method}: messages[${i}]`;
    if (typeof message !== "object" || message === null) throw new TypeError(`${where} must be an object`);
    if (!ROLES.has(message.role)) {
      throw new TypeError(`${where}.role must be "system", "user", "assistant" or "tool" (got ${JSON.stringify(message.role)})`);
    }
    if (typeof message.content === "string") return;
    if (!Array.isArray(message.content)) throw new TypeError(`${where}.content must be a string or an array of content parts`);
    (message.content as ContentPart[]).forEach((part, j) => {
      const ok =
        (part?.type === "text" && typeof part.text === "string") ||
        (part?.type === "image" && typeof part.url === "string");
      if (!ok) throw new TypeError(`${where}.content[${j}] must be { type: "text", text } or { type: "image", url }`);
    });
  });
}

export function validatePrompt(method: string, prompt: string): void {
  if (typeof prompt !== "string") throw new TypeError(`${method}: prompt must be a string (got ${typeof prompt})`);
}
