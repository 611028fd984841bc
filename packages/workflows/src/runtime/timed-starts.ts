import type { StepDefinition } from "../workflow/step-definition.js";
import type { RunPlan } from "./reducer.js";

/**
 * The steps whose start time something reads: a step timeout (due from its start), a retry policy (`maxElapsed` and
 * `ctx.retryInfo.elapsed` count from the first attempt), or a recovering step in the workflow (its `StepFailedEvent`
 * carries that time). Reading the clock costs 70–100 ns on a VM, more than the rest of a trivial step's start, so a step that
 * needs none of these starts without it (unless a journal or an observer records the time).
 */
export function stepsTimedFromStart(steps: readonly StepDefinition[], plan: Pick<RunPlan, "retry" | "recoverySteps">): ReadonlySet<StepDefinition> {
  const timed = new Set<StepDefinition>();
  for (const def of steps) {
    const retry = def.retry ?? plan.retry;
    const recovered = plan.recoverySteps.length > 0 && !plan.recoverySteps.includes(def);
    if (def.timeoutMs !== null || retry !== undefined || recovered) timed.add(def);
  }
  return timed;
}
