import { SpanKind, SpanStatusCode, context, trace, type Span } from "@opentelemetry/api";
import { VERSION } from "../version.js";

/**
 * Runs `fn` in a new INTERNAL span, a child of the active context (so memory calls nest under the
 * workflow step that makes them), and ends it. A failure is recorded on the span and rethrown.
 */
export async function withSpan<T>(name: string, fn: (span: Span) => Promise<T>): Promise<T> {
  // Looked up per call so a provider registered after import is still used.
  const tracer = trace.getTracer("@weft/memory", VERSION);
  return tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL }, context.active(), async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
      span.setAttribute("error.type", err.name);
      throw error;
    } finally {
      span.end();
    }
  });
}
