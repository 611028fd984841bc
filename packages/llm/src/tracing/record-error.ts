import { SpanStatusCode, type Span } from "@opentelemetry/api";
import { LLMError } from "../errors/llm-error.js";

/** Records a failure on `span`; a caller's abort is noted but is not an ERROR. */
export function recordError(span: Span, error: unknown): void {
  if (error instanceof LLMError && error.kind === "aborted") {
    span.setAttribute("weft.llm.aborted", true);
    span.addEvent("weft.llm.aborted");
    return;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
  if (error instanceof LLMError) {
    span.setAttribute("error.type", error.kind);
    if (error.status !== undefined) span.setAttribute("http.response.status_code", error.status);
  } else {
    span.setAttribute("error.type", err.name);
  }
}
