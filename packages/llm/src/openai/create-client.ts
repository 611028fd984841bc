import OpenAI from "openai";
import { LLMError } from "../errors/llm-error.js";
import { checkBaseURL } from "../transport/check-base-url.js";
import { retryAfterFetch } from "../transport/retry-after-fetch.js";
import { SdkLogger } from "../transport/sdk-logger.js";
import type { OpenAIConnectionOptions } from "./openai-llm-options.js";

/** The client, and the logger its SDK writes to (undefined for a client the caller made). */
export function createClient(
  owner: string,
  options: OpenAIConnectionOptions,
  onRetryAfter?: (ms: number) => void,
): { client: OpenAI; log?: SdkLogger } {
  if (options.client) return { client: options.client };
  checkBaseURL(owner, "baseURL", options.baseURL);
  if (!options.baseURL) checkBaseURL(owner, "OPENAI_BASE_URL", process.env.OPENAI_BASE_URL);
  const baseURL = options.baseURL || process.env.OPENAI_BASE_URL;
  // Compatible servers (Ollama, vLLM, LM Studio, llama.cpp) need no key, but the SDK refuses to start without one.
  const apiKey = options.apiKey || process.env.OPENAI_API_KEY || (baseURL && !isOpenAIURL(baseURL) ? "no-key" : undefined);
  if (!apiKey) {
    throw new LLMError(
      `${owner}: no API key: pass { apiKey } or set OPENAI_API_KEY (local servers such as Ollama accept any placeholder, e.g. "ollama")`,
      { kind: "auth", provider: options.provider ?? "openai" },
    );
  }
  const log = new SdkLogger();
  const client = new OpenAI({
    apiKey,
    // undefined lets the SDK read OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID itself
    baseURL: options.baseURL,
    organization: options.organization,
    project: options.project,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
    defaultHeaders: options.defaultHeaders,
    logger: log,
    ...(onRetryAfter && { fetch: retryAfterFetch(onRetryAfter) }),
  });
  return { client, log };
}

function isOpenAIURL(url: string): boolean {
  try {
    return new URL(url).hostname === "api.openai.com";
  } catch {
    return false;
  }
}

/** Where a request to `path` (e.g. "chat/completions") goes, for error messages. */
export function endpointURL(client: OpenAI, path: string): string {
  return `${client.baseURL.replace(/\/+$/, "")}/${path}`;
}

/** Whether the client talks to OpenAI itself (not a compatible server). */
export function isOpenAIEndpoint(client: OpenAI): boolean {
  return isOpenAIURL(client.baseURL);
}
