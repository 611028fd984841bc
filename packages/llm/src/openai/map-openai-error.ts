import OpenAI from "openai";
import type { LLMErrorKind } from "../errors/llm-error.js";
import { kindOfStatus } from "../errors/kind-of-status.js";
import { mapSdkError } from "../transport/map-sdk-error.js";
import type { SdkLogger } from "../transport/sdk-logger.js";

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
  return mapSdkError(error, OpenAI, {
    provider,
    signal,
    url,
    log,
    kind: (e) => kindOf(e.status, e.code ?? undefined, e.type),
    code: (e) => e.code ?? undefined,
  });
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
  return kindOfStatus(status);
}
