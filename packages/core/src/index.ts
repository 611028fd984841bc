export { bindStepSignal, isStepSignalAware, withStepSignal, type StepSignalAware } from "./signal/step-signal.js";
export { bindStepScope, isStepScopeAware, withStepScope, type StepScope, type StepScopeAware } from "./signal/step-scope.js";
export type { DurableCall, DurableCallOptions, StepDurable } from "./durable/step-durable.js";
export { combineSignals } from "./signal/combine-signals.js";
export { zodSchemaProblem } from "./zod/zod-schema-problem.js";
export { envFlag, type Environment } from "./env/env-flag.js";
export { envPositiveInteger } from "./env/env-positive-integer.js";
export { attributeJson, toJson } from "./tracing/attribute-json.js";
export { recordError } from "./tracing/record-error.js";
export {
  DEFAULT_MAX_VALUE_LENGTH,
  REDACTED,
  resolveRedaction,
  type Redaction,
  type RedactionOptions,
} from "./tracing/redaction.js";
export * from "./tracing/span-attributes.js";
export { truncate } from "./tracing/truncate.js";
