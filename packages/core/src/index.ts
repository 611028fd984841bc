export { bindStepSignal, isStepSignalAware, withStepSignal, type StepSignalAware } from "./signal/step-signal.js";
export { combineSignals } from "./signal/combine-signals.js";
export { zodSchemaProblem } from "./zod/zod-schema-problem.js";
