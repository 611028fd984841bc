import type { z } from "zod";
import type { ChatMessage } from "../types/message.js";
import type { CallOptions } from "../types/options.js";

/**
 * How a structured answer is requested: `json_schema` sends the schema for the server to enforce;
 * `json_object` asks for JSON only (the schema is then described in a system message).
 */
export interface ResponseFormat {
  type: "json_schema" | "json_object";
  name: string;
  schema: z.ZodType;
}

/** One request as an adapter sees it. */
export interface ChatRequest {
  messages: readonly ChatMessage[];
  options: CallOptions;
  responseFormat?: ResponseFormat;
}
