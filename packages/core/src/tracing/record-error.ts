import { SpanStatusCode, type Span } from "@opentelemetry/api";
import { ATTR_ERROR_TYPE } from "./span-attributes.js";

/** Marks `span` failed by `error`: the exception event, ERROR status with its message, and `error.type`. */
export function recordError(span: Span, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
  span.setAttribute(ATTR_ERROR_TYPE, err.name);
}
