/** What spans may carry of inputs and outputs. The environment is read when the workflow first traces a run. */
export interface TracingOptions {
  /** Hide event inputs (`input.value`, consumed payloads). Env `OPENINFERENCE_HIDE_INPUTS=true`. */
  hideInputs?: boolean;
  /** Hide outputs (`output.value`, emitted payloads). Env `OPENINFERENCE_HIDE_OUTPUTS=true`. */
  hideOutputs?: boolean;
  /** Longer string values are cut. Env `WEFT_TRACE_MAX_VALUE_LENGTH`, default 4096. */
  maxValueLength?: number;
}

export const REDACTED = "__REDACTED__";

export interface Redaction {
  readonly hideInputs: boolean;
  readonly hideOutputs: boolean;
  readonly maxValueLength: number;
}

function envFlag(name: string): boolean | undefined {
  const v = process.env[name];
  if (v === undefined || v === "") return undefined;
  return v.toLowerCase() === "true" || v === "1";
}

/** Options win over the environment; the environment over the defaults. */
export function resolveRedaction(options: TracingOptions | undefined): Redaction {
  const envMax = Number(process.env.WEFT_TRACE_MAX_VALUE_LENGTH);
  return {
    hideInputs: options?.hideInputs ?? envFlag("OPENINFERENCE_HIDE_INPUTS") ?? false,
    hideOutputs: options?.hideOutputs ?? envFlag("OPENINFERENCE_HIDE_OUTPUTS") ?? false,
    maxValueLength: options?.maxValueLength ?? (Number.isFinite(envMax) && envMax > 0 ? envMax : 4096),
  };
}

export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)}…[truncated ${value.length - max} chars]`;
}

/** JSON of a value for a span attribute, cut to size; never throws (a cycle or bigint becomes a note). */
export function attributeJSON(value: unknown, max: number): string {
  let text: string;
  try {
    text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  } catch (error) {
    text = `[unserializable: ${(error as Error).message}]`;
  }
  return truncate(text, max);
}
