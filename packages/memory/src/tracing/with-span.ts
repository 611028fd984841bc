import { SpanKind, context, trace, type Span } from "@opentelemetry/api";
import { recordError } from "@weft/core";
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
      recordError(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}
