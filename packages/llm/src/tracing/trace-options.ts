/**
 * What LLM spans may contain. Each unset option falls back to its environment variable
 * (`OPENINFERENCE_HIDE_INPUTS`, `OPENINFERENCE_HIDE_OUTPUTS`, `OPENINFERENCE_HIDE_INPUT_MESSAGES`,
 * `OPENINFERENCE_HIDE_OUTPUT_MESSAGES`, `WEFT_TRACE_MAX_VALUE_LENGTH`), read at call time.
 */
export interface TraceOptions {
  /** Hide `input.value` and the input messages. */
  hideInputs?: boolean;
  /** Hide `output.value` and the output messages. */
  hideOutputs?: boolean;
  hideInputMessages?: boolean;
  hideOutputMessages?: boolean;
  /** Longer string values are truncated (default 4096 characters). */
  maxValueLength?: number;
}

export interface ResolvedTraceOptions {
  hideInputs: boolean;
  hideOutputs: boolean;
  hideInputMessages: boolean;
  hideOutputMessages: boolean;
  maxValueLength: number;
}

const DEFAULT_MAX_VALUE_LENGTH = 4096;

export function resolveTraceOptions(options: TraceOptions = {}): ResolvedTraceOptions {
  const hideInputs = options.hideInputs ?? envFlag("OPENINFERENCE_HIDE_INPUTS");
  const hideOutputs = options.hideOutputs ?? envFlag("OPENINFERENCE_HIDE_OUTPUTS");
  return {
    hideInputs,
    hideOutputs,
    hideInputMessages: hideInputs || (options.hideInputMessages ?? envFlag("OPENINFERENCE_HIDE_INPUT_MESSAGES")),
    hideOutputMessages: hideOutputs || (options.hideOutputMessages ?? envFlag("OPENINFERENCE_HIDE_OUTPUT_MESSAGES")),
    maxValueLength: options.maxValueLength ?? envLength("WEFT_TRACE_MAX_VALUE_LENGTH") ?? DEFAULT_MAX_VALUE_LENGTH,
  };
}

function envFlag(name: string): boolean {
  return process.env[name]?.trim().toLowerCase() === "true";
}

function envLength(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
