import { withStepScope, type StepScope } from "@weft/core";

/**
 * Each resource as the step sees it: bound to the step's scope (`@weft/core`'s step-scope protocol, which falls back to
 * the step-signal one), so an LLM call or a memory read inside the step stops on cancel, the run timeout and the step
 * timeout without the step passing `ctx.signal` itself, and a journaled run's LLM calls are recorded and answered
 * from the journal when the step runs again. Resources outside both protocols are handed over as they are.
 */
export function bindToStep(resources: Record<string, unknown>, scope: StepScope): Record<string, unknown> {
  for (const key in resources) resources[key] = withStepScope(resources[key], scope);
  return resources;
}
