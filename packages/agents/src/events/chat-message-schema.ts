import type { ChatMessage } from "@weft/llm";
import { z } from "zod";

/**
 * A `@weft/llm` chat message as an event field: checked loosely (role and content), kept whole, so events round-trip
 * through JSON with every provider-specific field the message had.
 */
export const chatMessageSchema = z.looseObject({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]),
}) as unknown as z.ZodType<ChatMessage>;
