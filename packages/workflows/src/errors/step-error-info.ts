/**
 * Which step a run's error came from. Set as own properties on the step's own error (when it is an object), so the
 * error stays the user's (`instanceof` works) and Node's `util.inspect` and loggers print where it happened.
 */
export interface StepErrorInfo {
  /** The step whose failure ended the run. */
  step: string;
  /** The attempt that failed last (1 for the first call). */
  attempt: number;
}

/** Marks `error` with its step and attempt, unless it already carries a `step` of its own or cannot take one. */
export function markStepError(error: unknown, info: StepErrorInfo): void {
  if (error === null || typeof error !== "object" || !Object.isExtensible(error)) return;
  if (Object.prototype.hasOwnProperty.call(error, "step")) return;
  for (const [key, value] of Object.entries(info)) {
    Object.defineProperty(error, key, { value, enumerable: true, configurable: true, writable: true });
  }
}
