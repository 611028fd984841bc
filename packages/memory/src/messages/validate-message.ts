import { MemoryInputError } from "../errors/memory-input-error.js";
import type { ChatMessage } from "./chat-message.js";
import { checkJsonValue } from "./check-json-value.js";

const ROLES = new Set(["system", "user", "assistant", "tool"]);

/**
 * Checks a message before it is stored and returns an independent copy, so a caller mutating its
 * object afterwards cannot change what was stored.
 */
export function validateMessage(message: unknown, where = "message"): ChatMessage {
  if (typeof message !== "object" || message === null || Array.isArray(message)) {
    throw new MemoryInputError(`${where} must be a chat message object ({ role, content }), got ${describe(message)}`, where);
  }
  const m = message as Record<string, unknown>;
  if (typeof m.role !== "string" || !ROLES.has(m.role)) {
    throw new MemoryInputError(
      `${where}.role is ${describe(m.role)}; expected one of "system", "user", "assistant", "tool"`,
      `${where}.role`,
    );
  }
  checkContent(m.content, `${where}.content`);
  if (m.toolCalls !== undefined) checkToolCalls(m.toolCalls, `${where}.toolCalls`);
  for (const key of ["toolCallId", "name"] as const) {
    if (m[key] !== undefined && typeof m[key] !== "string") {
      throw new MemoryInputError(`${where}.${key} must be a string, got ${describe(m[key])}`, `${where}.${key}`);
    }
  }
  checkJsonValue(m, where);
  return JSON.parse(JSON.stringify(m)) as ChatMessage;
}

function checkContent(content: unknown, where: string): void {
  if (typeof content === "string") return;
  if (!Array.isArray(content)) {
    throw new MemoryInputError(`${where} must be a string or an array of content parts, got ${describe(content)}`, where);
  }
  content.forEach((part: unknown, i) => {
    const at = `${where}[${i}]`;
    if (typeof part !== "object" || part === null) {
      throw new MemoryInputError(`${at} must be a content part object, got ${describe(part)}`, at);
    }
    const p = part as Record<string, unknown>;
    if (p.type === "text") {
      if (typeof p.text !== "string") throw new MemoryInputError(`${at}.text must be a string`, `${at}.text`);
    } else if (p.type === "image") {
      if (typeof p.url !== "string") throw new MemoryInputError(`${at}.url must be a string`, `${at}.url`);
    } else {
      throw new MemoryInputError(`${at}.type is ${describe(p.type)}; expected "text" or "image"`, `${at}.type`);
    }
  });
}

function checkToolCalls(calls: unknown, where: string): void {
  if (!Array.isArray(calls)) throw new MemoryInputError(`${where} must be an array, got ${describe(calls)}`, where);
  calls.forEach((call: unknown, i) => {
    const at = `${where}[${i}]`;
    const c = (typeof call === "object" && call !== null ? call : {}) as Record<string, unknown>;
    if (typeof c.id !== "string" || typeof c.name !== "string") {
      throw new MemoryInputError(`${at} must be a tool call with string "id" and "name"`, at);
    }
  });
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
