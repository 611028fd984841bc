import Anthropic from "@anthropic-ai/sdk";
import { LLMError } from "../errors/llm-error.js";
import { checkBaseURL } from "../transport/check-base-url.js";
import { retryAfterFetch } from "../transport/retry-after-fetch.js";
import { SdkLogger } from "../transport/sdk-logger.js";
import type { AnthropicLLMOptions } from "./anthropic-llm-options.js";

/** The client, and the logger its SDK writes to (undefined for a client the caller made). */
export function createAnthropicClient(
  options: AnthropicLLMOptions,
  onRetryAfter?: (ms: number) => void,
): { client: Anthropic; log?: SdkLogger } {
  if (options.client) return { client: options.client };
  checkBaseURL("AnthropicLLM", "baseURL", options.baseURL);
  if (!options.baseURL) checkBaseURL("AnthropicLLM", "ANTHROPIC_BASE_URL", process.env.ANTHROPIC_BASE_URL);
  const apiKey = options.apiKey || process.env.ANTHROPIC_API_KEY;
  if (!apiKey) {
    throw new LLMError("AnthropicLLM: no API key: pass { apiKey } or set ANTHROPIC_API_KEY", {
      kind: "auth",
      provider: options.provider ?? "anthropic",
    });
  }
  const log = new SdkLogger();
  const client = new Anthropic({
    apiKey,
    // undefined lets the SDK read ANTHROPIC_BASE_URL itself
    baseURL: options.baseURL,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
    defaultHeaders: options.defaultHeaders,
    logger: log,
    // Weft records the LLM span itself; the SDK's own spans would double every call in the trace.
    openTelemetry: { traces: false },
    ...(onRetryAfter && { fetch: retryAfterFetch(onRetryAfter) }),
  });
  return { client, log };
}
