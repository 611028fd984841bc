import type { ResolvedTraceOptions } from "./trace-options.js";

export const REDACTED = "__REDACTED__";

/** A JSON value for `input.value` / `output.value`: redacted when hidden, cut at `maxValueLength`. */
export function jsonAttribute(value: unknown, hidden: boolean, options: ResolvedTraceOptions): string {
  if (hidden) return REDACTED;
  const text = JSON.stringify(value) ?? "null";
  const max = options.maxValueLength;
  return text.length <= max ? text : `${text.slice(0, max)}…[truncated ${text.length - max} chars]`;
}
