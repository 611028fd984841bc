import { hasMethod } from "./has-method.js";

/**
 * The step-signal protocol. A resource that does I/O (an LLM, a memory, a tool set) implements
 * `[bindStepSignal](signal)` and returns a view of itself whose every call also stops on `signal`.
 * The engine calls it when it hands resources to a step, so cancel, the run timeout and the step timeout
 * reach the HTTP request even when the step never passes `ctx.signal` itself.
 *
 * A registered symbol rather than an import: `@weft/llm` and `@weft/memory` must not depend on the engine,
 * and two copies of this package in one app must still agree.
 */
export const bindStepSignal: unique symbol = Symbol.for("weft.bindStepSignal") as never;

export interface StepSignalAware<T = unknown> {
  [bindStepSignal](signal: AbortSignal): T;
}

export function isStepSignalAware(value: unknown): value is StepSignalAware {
  return hasMethod(value, bindStepSignal);
}

/** The view of `value` bound to `signal`, or `value` itself when it does not take part in the protocol. */
export function withStepSignal<T>(value: T, signal: AbortSignal): T {
  return isStepSignalAware(value) ? (value[bindStepSignal](signal) as T) : value;
}
