import type { StepDurable } from "@weft/core";
import type { CallOptions } from "../types/options.js";

/**
 * How a step's view of an LLM hands the step execution's durable calls to the LLM: a private key of the call's
 * options, put there by the view (like its `signal`) and taken out again before anything else sees the options.
 * Options travel unchanged through `complete`, `structured` and wrappers such as `RecordingLLM`, so it reaches the
 * one place that sends.
 */
const STEP_DURABLE = Symbol("weft.llm.stepDurable");

type WithDurable = CallOptions & { [STEP_DURABLE]?: StepDurable };

export function withStepDurable<T extends object>(options: T, durable: StepDurable): T {
  return { ...options, [STEP_DURABLE]: durable };
}

/** The durable calls the options carry, or undefined (always, outside a journaled run). */
export function stepDurableOf(options: CallOptions): StepDurable | undefined {
  return (options as WithDurable)[STEP_DURABLE];
}

/** The options without the durable calls, as an adapter and a recorded call's hash see them. */
export function withoutStepDurable(options: CallOptions): CallOptions {
  const { [STEP_DURABLE]: _durable, ...rest } = options as WithDurable;
  return rest;
}
