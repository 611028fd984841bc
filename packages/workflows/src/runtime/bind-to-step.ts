import { withStepSignal } from "@weft/core";

/**
 * Each resource as the step sees it: bound to the step's signal (`@weft/core`'s step-signal protocol), so an LLM call
 * or a memory read inside the step stops on cancel, the run timeout and the step timeout without the step passing
 * `ctx.signal` itself. Resources outside the protocol are handed over as they are.
 */
export function bindToStep(resources: Record<string, unknown>, signal: AbortSignal): Record<string, unknown> {
  for (const key in resources) resources[key] = withStepSignal(resources[key], signal);
  return resources;
}
