import type { RedactionOptions } from "@weft/core";

/**
 * What spans may carry of inputs and outputs: `hideInputs` (event inputs, `input.value`, consumed payloads; env
 * `OPENINFERENCE_HIDE_INPUTS`), `hideOutputs` (`output.value`, emitted payloads; env `OPENINFERENCE_HIDE_OUTPUTS`),
 * `maxValueLength` (longer strings are cut; env `WEFT_TRACE_MAX_VALUE_LENGTH`, default 4096). The environment is
 * read when the workflow first traces a run.
 */
export type TracingOptions = Pick<RedactionOptions, "hideInputs" | "hideOutputs" | "maxValueLength">;
