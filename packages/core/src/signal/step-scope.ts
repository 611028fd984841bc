import type { StepDurable } from "../durable/step-durable.js";
import { hasMethod } from "./has-method.js";
import { withStepSignal } from "./step-signal.js";

/**
 * What the engine hands a resource with the step that uses it: the step's signal, and when the run keeps a journal
 * the step execution's durable calls. The step-scope protocol extends the step-signal one: a resource implements
 * `[bindStepScope](scope)` to get both; one that implements only `[bindStepSignal]` still gets the signal.
 */
export interface StepScope {
  readonly signal: AbortSignal;
  /** Undefined when the run keeps no journal: there is nothing to answer from and nothing to record. */
  readonly durable: StepDurable | undefined;
}

/** A registered symbol, for the same reason as `bindStepSignal`: no import of the engine, and copies agree. */
export const bindStepScope: unique symbol = Symbol.for("weft.bindStepScope") as never;

export interface StepScopeAware<T = unknown> {
  [bindStepScope](scope: StepScope): T;
}

export function isStepScopeAware(value: unknown): value is StepScopeAware {
  return hasMethod(value, bindStepScope);
}

/** The view of `value` bound to `scope`: through `[bindStepScope]`, else `[bindStepSignal]`, else `value` itself. */
export function withStepScope<T>(value: T, scope: StepScope): T {
  return isStepScopeAware(value) ? (value[bindStepScope](scope) as T) : withStepSignal(value, scope.signal);
}
