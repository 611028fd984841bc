import { envFlag, type Environment } from "../env/env-flag.js";
import { envPositiveInteger } from "../env/env-positive-integer.js";

/** What takes the place of a hidden value in a span. */
export const REDACTED = "__REDACTED__";

/**
 * What spans may carry of inputs and outputs. Each unset option falls back to its environment variable
 * (`OPENINFERENCE_HIDE_INPUTS`, `OPENINFERENCE_HIDE_OUTPUTS`, `OPENINFERENCE_HIDE_INPUT_MESSAGES`,
 * `OPENINFERENCE_HIDE_OUTPUT_MESSAGES`, `WEFT_TRACE_MAX_VALUE_LENGTH`).
 */
export interface RedactionOptions {
  /** Hide inputs (`input.value`, input messages, consumed payloads). */
  hideInputs?: boolean;
  /** Hide outputs (`output.value`, output messages, emitted payloads). */
  hideOutputs?: boolean;
  hideInputMessages?: boolean;
  hideOutputMessages?: boolean;
  /** Longer string values are cut (default 4096 characters). */
  maxValueLength?: number;
}

export interface Redaction {
  hideInputs: boolean;
  hideOutputs: boolean;
  /** Also true when `hideInputs` is: hiding inputs hides the messages they hold. */
  hideInputMessages: boolean;
  hideOutputMessages: boolean;
  maxValueLength: number;
}

export const DEFAULT_MAX_VALUE_LENGTH = 4096;

/** Options win over the environment, the environment over the defaults. Throws on a malformed variable. */
export function resolveRedaction(options: RedactionOptions = {}, env: Environment = process.env): Redaction {
  const hideInputs = options.hideInputs ?? envFlag("OPENINFERENCE_HIDE_INPUTS", env) ?? false;
  const hideOutputs = options.hideOutputs ?? envFlag("OPENINFERENCE_HIDE_OUTPUTS", env) ?? false;
  return {
    hideInputs,
    hideOutputs,
    hideInputMessages: hideInputs || (options.hideInputMessages ?? envFlag("OPENINFERENCE_HIDE_INPUT_MESSAGES", env) ?? false),
    hideOutputMessages: hideOutputs || (options.hideOutputMessages ?? envFlag("OPENINFERENCE_HIDE_OUTPUT_MESSAGES", env) ?? false),
    maxValueLength: options.maxValueLength ?? envPositiveInteger("WEFT_TRACE_MAX_VALUE_LENGTH", env) ?? DEFAULT_MAX_VALUE_LENGTH,
  };
}
