import type OpenAI from "openai";
import type { RateLimit } from "../rate-limit/rate-limit-options.js";
import type { TraceOptions } from "../tracing/trace-options.js";
import type { StructuredMode } from "../types/options.js";

/** How to reach the server; shared by `OpenAILLM` and `OpenAIEmbedding`. */
export interface OpenAIConnectionOptions {
  /** Defaults to `OPENAI_API_KEY`, like the SDK. Local servers usually accept any placeholder. */
  apiKey?: string;
  /** Defaults to `OPENAI_BASE_URL`, then `https://api.openai.com/v1`. Any OpenAI-compatible server. */
  baseURL?: string;
  organization?: string;
  project?: string;
  /** A ready client; connection options above are then ignored. */
  client?: OpenAI;
  /** Retries of failed requests by the SDK (429, 5xx, connection errors); SDK default 2. */
  maxRetries?: number;
  /** Request timeout in milliseconds (SDK default 10 minutes). */
  timeoutMs?: number;
  defaultHeaders?: Record<string, string>;
  /** The provider name shown in traces (default "openai"; say "ollama", "vllm" … for other servers). */
  provider?: string;
  trace?: TraceOptions;
}

export interface OpenAILLMOptions extends OpenAIConnectionOptions {
  model: string;
  /** Defaults for every call; per-call options win. */
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  /** Extra request body fields for every call (e.g. `{ reasoning_effort: "low" }`). */
  providerOptions?: Record<string, unknown>;
  /**
   * Which body field carries `maxTokens`. OpenAI's newer models need `max_completion_tokens`;
   * many compatible servers only know `max_tokens`. Default: `max_completion_tokens` for OpenAI's
   * own endpoint, `max_tokens` for any other `baseURL`.
   */
  maxTokensField?: "max_tokens" | "max_completion_tokens";
  /** Ask for the usage chunk when streaming (`stream_options.include_usage`); default true. */
  streamUsage?: boolean;
  /** How `structured` asks for JSON by default (`auto`: strict JSON schema, JSON mode when refused). */
  structuredMode?: StructuredMode;
  /** Waits instead of failing when calls through this LLM would exceed these limits. */
  rateLimit?: RateLimit;
}
