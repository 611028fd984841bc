import { LLMError, type LLMErrorKind } from "../errors/llm-error.js";
import { retryAfterMs } from "../errors/retry-after.js";
import { connectionError, mapTransportError } from "./map-transport-error.js";
import type { SdkLogger } from "./sdk-logger.js";

type ErrorClass = abstract new (...args: never[]) => Error;

/** What the official SDKs (generated the same way) throw; each adapter passes its SDK's classes. */
export interface SdkErrors<E extends SdkAPIError> {
  APIError: abstract new (...args: never[]) => E;
  APIUserAbortError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIConnectionTimeoutError: ErrorClass;
}

export interface SdkAPIError extends Error {
  status: number | undefined;
  headers: Headers | undefined;
  requestID?: string | null;
}

export interface SdkRequest<E> {
  provider: string;
  signal: AbortSignal | undefined;
  /** Where the request went, for messages. */
  url: string;
  log: SdkLogger | undefined;
  /** The provider's reading of an API error. */
  kind(error: E): LLMErrorKind;
  code(error: E): string | undefined;
  /** The provider's own words for the error, when the SDK's message is less readable. */
  detail?(error: E): string;
}

/**
 * Classifies what an SDK threw: aborts, timeouts, connection failures (with the URL and root cause), API errors by
 * kind (with `retry-after`), and a broken stream. Other errors pass through unchanged.
 */
export function mapSdkError<E extends SdkAPIError>(error: unknown, sdk: SdkErrors<E>, request: SdkRequest<E>): unknown {
  const { provider, signal, url } = request;
  if (error instanceof LLMError) return error;
  if (error instanceof sdk.APIUserAbortError || (signal?.aborted && isAbort(error))) {
    return new LLMError("the call was aborted", { kind: "aborted", provider, cause: error });
  }
  if (error instanceof sdk.APIConnectionTimeoutError) {
    return new LLMError(`${provider}: request to ${url} timed out`, { kind: "timeout", provider, cause: error });
  }
  if (error instanceof sdk.APIConnectionError) return connectionError(provider, url, error);
  if (error instanceof sdk.APIError) {
    const kind = request.kind(error);
    const detail = request.detail?.(error) ?? error.message;
    return new LLMError(`${provider} ${error.status ?? ""} ${kind}: ${detail}`.replace(/\s+/g, " "), {
      kind,
      provider,
      status: error.status,
      code: request.code(error),
      requestId: error.requestID ?? undefined,
      retryAfterMs: retryAfterMs(error.headers),
      cause: error,
    });
  }
  if (signal?.aborted) return new LLMError("the call was aborted", { kind: "aborted", provider, cause: error });
  return mapTransportError(error, provider, url, request.log);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "APIUserAbortError");
}
