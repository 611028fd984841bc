import { CorruptRowError } from "../errors/corrupt-row-error.js";
import type { ChatMessage } from "../messages/chat-message.js";
import { validateMessage } from "../messages/validate-message.js";

/** Parses a stored message; a row that does not hold a valid message is reported with its session and id. */
export function decodeMessage(sessionId: string, id: string, text: unknown): ChatMessage {
  if (typeof text !== "string") throw new CorruptRowError(sessionId, id, `message column holds ${typeof text}, not JSON text`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CorruptRowError(sessionId, id, `message is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  try {
    return validateMessage(parsed, "stored message");
  } catch (error) {
    throw new CorruptRowError(sessionId, id, (error as Error).message, { cause: error });
  }
}

/** Parses a stored block state. */
export function decodeBlockState(sessionId: string, block: string, text: unknown): unknown {
  if (text === null || text === undefined) return undefined;
  try {
    return JSON.parse(String(text));
  } catch (error) {
    throw new CorruptRowError(sessionId, `block:${block}`, `state is not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** Serializes a block's new state; a value JSON cannot hold is the block's bug, reported by name. */
export function encodeBlockState(block: string, value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`memory block "${block}" produced a state JSON cannot hold`);
  return text;
}
