import type { ReadableSpan } from "@opentelemetry/sdk-trace";

/** Picks spans: an exact span name, a pattern on the name, or any predicate. */
export type SpanMatcher = string | RegExp | ((span: ReadableSpan) => boolean);

export function matchesSpan(matcher: SpanMatcher, span: ReadableSpan): boolean {
  if (typeof matcher === "string") return span.name === matcher;
  if (matcher instanceof RegExp) return matcher.test(span.name);
  return matcher(span);
}

export function describeMatcher(matcher: SpanMatcher): string {
  if (typeof matcher === "string") return `span "${matcher}"`;
  if (matcher instanceof RegExp) return `span named like ${String(matcher)}`;
  return `span matching ${matcher.name || "the predicate"}`;
}
