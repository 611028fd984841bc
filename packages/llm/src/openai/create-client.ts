import OpenAI from "openai";
import { LLMError } from "../errors/llm-error.js";
import type { OpenAIConnectionOptions } from "./openai-llm-options.js";

export function createClient(owner: string, options: OpenAIConnectionOptions): OpenAI {
  if (options.client) return options.client;
  const baseURL = options.baseURL || process.env.OPENAI_BASE_URL;
  // Compatible servers (Ollama, vLLM, LM Studio, llama.cpp) need no key, but the SDK refuses to start without one.
  const apiKey = options.apiKey || process.env.OPENAI_API_KEY || (baseURL && !isOpenAIURL(baseURL) ? "no-key" : undefined);
  if (!apiKey) {
    throw new LLMError(
      `${owner}: no API key: pass { apiKey } or set OPENAI_API_KEY (local servers such as Ollama accept any placeholder, e.g. "ollama")`,
      { kind: "auth", provider: options.provider ?? "openai" },
    );
  }
  return new OpenAI({
    apiKey,
    // undefined lets the SDK read OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID itself
    baseURL: options.baseURL,
    organization: options.organization,
    project: options.project,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
    defaultHeaders: options.defaultHeaders,
  });
}

function isOpenAIURL(url: string): boolean {
  try {
    return new URL(url).hostname === "api.openai.com";
  } catch {
    return false;
  }
}

/** Whether the client talks to OpenAI itself (not a compatible server). */
export function isOpenAIEndpoint(client: OpenAI): boolean {
  return isOpenAIURL(client.baseURL);
}
