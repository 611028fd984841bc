import type { Span } from "@opentelemetry/api";
import { ATTR_ERROR_TYPE, recordError as recordFailure } from "@weft/core";
import { LLMError } from "../errors/llm-error.js";

/** Records a failure on `span`; a caller's abort is noted but is not an ERROR. */
export function recordError(span: Span, error: unknown): void {
  if (error instanceof LLMError && error.kind === "aborted") {
    span.setAttribute("weft.llm.aborted", true);
    span.addEvent("weft.llm.aborted");
    return;
  }
  recordFailure(span, error);
  if (error instanceof LLMError) {
    span.setAttribute(ATTR_ERROR_TYPE, error.kind);
    if (error.status !== undefined) span.setAttribute("http.response.status_code", error.status);
  }
}
