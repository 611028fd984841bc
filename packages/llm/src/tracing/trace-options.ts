import type { Redaction, RedactionOptions } from "@weft/core";

/**
 * What LLM spans may contain. Each unset option falls back to its environment variable
 * (`OPENINFERENCE_HIDE_INPUTS`, `OPENINFERENCE_HIDE_OUTPUTS`, `OPENINFERENCE_HIDE_INPUT_MESSAGES`,
 * `OPENINFERENCE_HIDE_OUTPUT_MESSAGES`, `WEFT_TRACE_MAX_VALUE_LENGTH`), read at call time.
 */
export type TraceOptions = RedactionOptions;

export type ResolvedTraceOptions = Redaction;

/** The rules every @weft package shares, kept under the name @weft/llm has always exported. */
export { resolveRedaction as resolveTraceOptions } from "@weft/core";
