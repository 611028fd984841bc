import OpenAI from "openai";
import { LLMError, type LLMErrorKind } from "../errors/llm-error.js";
import type { SdkLogger } from "../transport/sdk-logger.js";
import { connectionError, mapTransportError } from "../transport/map-transport-error.js";

/**
 * Classifies what the SDK threw for a request to `url`; a broken stream becomes an `LLMError` too, other errors
 * that are not the SDK's pass through unchanged.
 */
export function mapOpenAIError(
  error: unknown,
  provider: string,
  signal: AbortSignal | undefined,
  url: string,
  log?: SdkLogger,
): unknown {
  if (error instanceof LLMError) return error;
  if (error instanceof OpenAI.APIUserAbortError || (signal?.aborted && isAbort(error))) {
    return new LLMError("the call was aborted", { kind: "aborted", provider, cause: error });
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new LLMError(`${provider}: request timed out`, { kind: "timeout", provider, cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) return connectionError(provider, url, error);
  if (error instanceof OpenAI.APIError) {
    const kind = kindOf(error.status, error.code ?? undefined, error.type);
    return new LLMError(`${provider} ${error.status ?? ""} ${kind}: ${error.message}`.replace(/\s+/g, " "), {
      kind,
      provider,
      status: error.status,
      code: error.code ?? undefined,
      requestId: error.requestID ?? undefined,
      cause: error,
    });
  }
  if (signal?.aborted) return new LLMError("the call was aborted", { kind: "aborted", provider, cause: error });
  return mapTransportError(error, provider, url, log);
}

function kindOf(status: number | undefined, code: string | undefined, type: string | undefined): LLMErrorKind {
  if (code === "context_length_exceeded") return "context_length";
  if (code === "rate_limit_exceeded") return "rate_limit";
  // An error event inside a stream has no HTTP status; its type says what happened.
  if (status === undefined) {
    if (type === "server_error") return "server";
    if (type === "invalid_request_error") return "bad_request";
    return "unknown";
  }
  if (status === 401) return "auth";
  if (status === 403) return "permission";
  if (status === 404) return "not_found";
  if (status === 408) return "timeout";
  if (status === 429) return "rate_limit";
  if (status === 400 || status === 409 || status === 413 || status === 422) return "bad_request";
  if (status >= 500) return "server";
  return "unknown";
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "APIUserAbortError");
}
