import { truncate } from "@weft/core";
import { LLMError } from "../errors/llm-error.js";
import { rootCause } from "./root-cause.js";
import type { SdkLogger } from "./sdk-logger.js";

/**
 * What fetch or an SDK's SSE parser throws past the SDK's own error classes, as an `LLMError`:
 * a connection dropped mid-body (`TypeError: terminated`) is a `connection` failure, a stream event that is not
 * JSON (`SyntaxError`) a `server` one. Anything else is returned as it is.
 */
export function mapTransportError(error: unknown, provider: string, url: string, log?: SdkLogger): unknown {
  if (error instanceof SyntaxError) {
    const data = log?.takeUnparsed();
    const quoted = data === undefined ? "" : ` ${JSON.stringify(truncate(data, 200))}`;
    return new LLMError(`${provider}: the stream from ${url} carried an event that is not valid JSON${quoted}: ${error.message}`, {
      kind: "server",
      provider,
      cause: error,
    });
  }
  if (error instanceof TypeError && (error.message === "terminated" || error.message === "fetch failed")) {
    const what = error.message === "terminated" ? "broke mid-stream" : "failed";
    return new LLMError(`${provider}: the connection to ${url} ${what}: ${rootCause(error)}`, {
      kind: "connection",
      provider,
      cause: error,
    });
  }
  return error;
}

/** A connection that could not be made, with where to and why. */
export function connectionError(provider: string, url: string, error: unknown): LLMError {
  return new LLMError(`${provider}: connection to ${url} failed: ${rootCause(error)}`, { kind: "connection", provider, cause: error });
}
