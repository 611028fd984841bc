import { WorkflowRuntimeError } from "../errors/errors.js";

/** A user callback threw: the error the run fails with names the callback, and keeps what it threw as the cause. */
export function callbackError(where: string, thrown: unknown): WorkflowRuntimeError {
  const what = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  return new WorkflowRuntimeError(`${where} threw: ${what}`, { cause: thrown });
}
