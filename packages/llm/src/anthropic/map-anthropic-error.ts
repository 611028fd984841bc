import Anthropic from "@anthropic-ai/sdk";
import type { LLMErrorKind } from "../errors/llm-error.js";
import { kindOfStatus } from "../errors/kind-of-status.js";
import { mapSdkError } from "../transport/map-sdk-error.js";
import type { SdkLogger } from "../transport/sdk-logger.js";

const CONTEXT_LENGTH = /prompt is too long|context window|context length|too many (input )?tokens/i;

/** Classifies what the Anthropic SDK threw for a request to `url`, as `mapOpenAIError` does for OpenAI. */
export function mapAnthropicError(
  error: unknown,
  provider: string,
  signal: AbortSignal | undefined,
  url: string,
  log?: SdkLogger,
): unknown {
  return mapSdkError(error, Anthropic, {
    provider,
    signal,
    url,
    log,
    kind: (e) => kindOf(e.status, e.type ?? undefined, e.apiMessage ?? e.message),
    code: (e) => e.errorCode ?? e.type ?? undefined,
    detail: (e) => e.apiMessage ?? e.message,
  });
}

function kindOf(status: number | undefined, type: string | undefined, message: string): LLMErrorKind {
  if ((status === 400 || status === 413 || type === "invalid_request_error") && CONTEXT_LENGTH.test(message)) return "context_length";
  // An error event inside a stream has no HTTP status; its type says what happened.
  if (status === undefined) {
    switch (type) {
      case "overloaded_error":
        return "overloaded";
      case "rate_limit_error":
        return "rate_limit";
      case "api_error":
        return "server";
      case "invalid_request_error":
        return "bad_request";
      default:
        return "unknown";
    }
  }
  return kindOfStatus(status);
}
