/**
 * What memory spans may contain. Each unset option falls back to its environment variable
 * (`OPENINFERENCE_HIDE_INPUTS`, `OPENINFERENCE_HIDE_OUTPUTS`, `WEFT_TRACE_MAX_VALUE_LENGTH`), read at call time.
 * Inputs are the messages put; outputs the messages `get` returns.
 */
export interface TraceOptions {
  hideInputs?: boolean;
  hideOutputs?: boolean;
  /** Longer string values are truncated (default 4096 characters). */
  maxValueLength?: number;
}

export interface ResolvedTraceOptions {
  hideInputs: boolean;
  hideOutputs: boolean;
  maxValueLength: number;
}

const DEFAULT_MAX_VALUE_LENGTH = 4096;

export function resolveTraceOptions(options: TraceOptions = {}): ResolvedTraceOptions {
  return {
    hideInputs: options.hideInputs ?? (envFlag("OPENINFERENCE_HIDE_INPUTS") || envFlag("OPENINFERENCE_HIDE_INPUT_MESSAGES")),
    hideOutputs:
      options.hideOutputs ?? (envFlag("OPENINFERENCE_HIDE_OUTPUTS") || envFlag("OPENINFERENCE_HIDE_OUTPUT_MESSAGES")),
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
