import { resolveRedaction, type RedactionOptions } from "@weft/core";

/**
 * What memory spans may contain. Each unset option falls back to its environment variable
 * (`OPENINFERENCE_HIDE_INPUTS`, `OPENINFERENCE_HIDE_OUTPUTS`, `WEFT_TRACE_MAX_VALUE_LENGTH`), read at call time.
 * Inputs are the messages put; outputs the messages `get` returns.
 */
export type TraceOptions = Pick<RedactionOptions, "hideInputs" | "hideOutputs" | "maxValueLength">;

export interface ResolvedTraceOptions {
  hideInputs: boolean;
  hideOutputs: boolean;
  maxValueLength: number;
}

/** The same rules as LLM spans; memory content is messages, so the message variables hide it too. */
export function resolveTraceOptions(options: TraceOptions = {}): ResolvedTraceOptions {
  const resolved = resolveRedaction({ ...options, hideInputMessages: options.hideInputs, hideOutputMessages: options.hideOutputs });
  return { hideInputs: resolved.hideInputMessages, hideOutputs: resolved.hideOutputMessages, maxValueLength: resolved.maxValueLength };
}
