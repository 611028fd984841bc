import type Anthropic from "@anthropic-ai/sdk";
import type { RateLimit } from "../rate-limit/rate-limit-options.js";
import type { TraceOptions } from "../tracing/trace-options.js";
import type { StructuredMode } from "../types/options.js";

export interface AnthropicLLMOptions {
  /** e.g. "claude-sonnet-4-5". */
  model: string;
  /** Defaults to `ANTHROPIC_API_KEY`, like the SDK. */
  apiKey?: string;
  /** Defaults to `ANTHROPIC_BASE_URL`, then `https://api.anthropic.com`. */
  baseURL?: string;
  /** A ready client; the connection options above are then ignored. */
  client?: Anthropic;
  /** Retries of failed requests by the SDK (429, 529, 5xx, connection errors); SDK default 2. */
  maxRetries?: number;
  /** Request timeout in milliseconds (SDK default 10 minutes). */
  timeoutMs?: number;
  defaultHeaders?: Record<string, string>;
  /** The provider name shown in traces (default "anthropic"). */
  provider?: string;
  trace?: TraceOptions;
  /** Defaults for every call; per-call options win. The Messages API requires `max_tokens`: default 4096. */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  /** Extra request body fields for every call (e.g. `{ thinking: { type: "enabled", budget_tokens: 2048 } }`). */
  providerOptions?: Record<string, unknown>;
  /** How `structured` asks for JSON by default (`auto`: `output_config.format` with the schema). */
  structuredMode?: StructuredMode;
  /** Waits instead of failing when calls through this LLM would exceed these limits. */
  rateLimit?: RateLimit;
}
