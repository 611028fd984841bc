import { bindStepScope, bindStepSignal, type StepScope } from "@weft/core";
import { signalView, type SignalArgs } from "./signal-view.js";

/**
 * Makes instances of `type` take part in the step-signal protocol: `[bindStepSignal](signal)` returns a view whose
 * `methods` also abort on `signal`. Set on the prototype rather than declared on the class, so that an adapter's
 * public type stays exactly its interface (`LLM`, `EmbeddingModel`) and any other implementation can stand in for it
 * (a `MockLLM` as a workflow's `OpenAILLM` resource).
 */
export function followStepSignal(type: { prototype: object }, methods: SignalArgs): void {
  Object.defineProperty(type.prototype, bindStepSignal, {
    value(this: object, signal: AbortSignal) {
      return signalView(this, signal, methods);
    },
    writable: true,
    configurable: true,
  });
}

/**
 * The step-scope protocol on top of the step-signal one, for LLMs: the view also hands the step execution's durable
 * calls to every call, so a journaled run records each answer and a step that runs again gets it back unsent.
 */
export function followStepScope(type: { prototype: object }, methods: SignalArgs): void {
  followStepSignal(type, methods);
  Object.defineProperty(type.prototype, bindStepScope, {
    value(this: object, scope: StepScope) {
      return signalView(this, scope.signal, methods, scope.durable);
    },
    writable: true,
    configurable: true,
  });
}
