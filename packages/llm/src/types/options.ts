import type { Tool } from "../tools/tool.js";

export type ToolChoice = "auto" | "none" | "required" | { name: string };

/** Options every `LLM` call accepts. Adapter-specific knobs go in `providerOptions`. */
export interface CallOptions {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  tools?: readonly Tool[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  /** Aborts the call; it then rejects with an `LLMError` of kind `"aborted"`. */
  signal?: AbortSignal;
  /** Per-call timeout in milliseconds (overrides the adapter's default). */
  timeoutMs?: number;
  /** Passed through to the provider's request body as-is (e.g. `{ logprobs: true }`). */
  providerOptions?: Record<string, unknown>;
}

export type StructuredMode = "auto" | "json_schema" | "json_object";

export interface StructuredOptions extends Omit<CallOptions, "tools" | "toolChoice" | "parallelToolCalls"> {
  /** Name of the schema sent to the provider (default "response"). */
  name?: string;
  /**
   * `json_schema`: strict JSON schema; `json_object`: JSON mode with the schema in the prompt;
   * `auto` (default): the adapter's preference, falling back to JSON mode when the server refuses a schema.
   */
  mode?: StructuredMode;
}
