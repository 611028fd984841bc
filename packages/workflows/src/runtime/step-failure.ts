import { WorkflowRuntimeError } from "../errors/errors.js";
import { StepFailedEvent } from "../events/step-failed-event.js";

/** A step may throw anything; `undefined` and `null` would read as "no error", so they become an error naming the step. */
export function thrownByStep(stepName: string, thrown: unknown): unknown {
  return thrown ?? new WorkflowRuntimeError(`Step "${stepName}" threw ${thrown === null ? "null" : "undefined"}, not an error`);
}

export function failureEvent(stepName: string, error: unknown, attempts: number, elapsedMs: number): StepFailedEvent {
  const message = error instanceof Error ? error.message : String(error);
  return new StepFailedEvent({ stepName, error, message, attempts, elapsed: elapsedMs / 1000 });
}
