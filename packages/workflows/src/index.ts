export { Event, type AnyEventClass, type EventClass, type EventJSON, type ObjectOf, type ShapeOrObject } from "./events/event.js";
export { defineEvent, type DefinedEvent } from "./events/define-event.js";
export {
  StartEvent,
  StopEvent,
  InputRequiredEvent,
  HumanResponseEvent,
  defineStartEvent,
  defineStopEvent,
} from "./events/builtin-events.js";
export { StepFailedEvent } from "./events/step-failed-event.js";
export { EventRegistry, defaultRegistry, eventFromJSON } from "./events/event-registry.js";
export {
  WeftError,
  EventValidationError,
  WorkflowValidationError,
  WorkflowTimeoutError,
  WorkflowCancelledError,
  WorkflowRuntimeError,
  ContextSerializationError,
  StoreKeyError,
  ContextLimitError,
  SnapshotIntegrityError,
} from "./errors/errors.js";
export type { StepErrorInfo } from "./errors/step-error-info.js";
export { Workflow, type WorkflowOptions, type WorkflowState } from "./workflow/workflow.js";
export type { StepConfig, StepDefinition } from "./workflow/step-definition.js";
export type {
  StepHandler,
  RunOptions,
  RunInput,
  RunResult,
  InstanceOf,
  Replacement,
  ResourceOverridesOf,
  StartInputOf,
  ResultOf,
  ResourcesByName,
  StateOf,
} from "./workflow/workflow-types.js";
export { WorkflowHandler } from "./runtime/workflow-handler.js";
export type { StreamEntry } from "./runtime/event-stream.js";
export {
  InProcessRuntime,
  inProcessRuntime,
  systemClock,
  type Runtime,
  type RunIdentity,
  type Journal,
  type Clock,
  type TimerHandle,
  type InProcessRuntimeOptions,
} from "./runtime/runtime.js";
export { MemoryJournal, type JournalRecord, type RecordBase, type CollectOp, type ErrorJSON } from "./runtime/records.js";
export { ManualClock } from "./runtime/manual-clock.js";
export { uuidv7 } from "./ids/uuidv7.js";
export { type RetryPolicy, retryDelayMs } from "./runtime/retry-policy.js";
export { Context, type ContextOwner, type SendEventOptions } from "./context/context.js";
export { StepContext, type WaitForEventOptions, type InstancesOf, type RetryInfo } from "./context/step-context.js";
export { ContextStore } from "./context/context-store.js";
export type { SnapshotKey, SnapshotOptions } from "./context/snapshot-signature.js";
export { DEFAULT_CONTEXT_LIMITS, type ContextLimits } from "./context/context-limits.js";
export { CONTEXT_DICT_VERSION, type ContextDict, type RunSnapshot } from "./context/context-dict.js";
export {
  resource,
  isResource,
  type Resource,
  type ResourceOptions,
  type ResourceFactory,
  type ResourceScope,
  type ResourceMap,
  type ResolvedResources,
  type ResourceValue,
  type ResourceBuildInfo,
  type MaybePromise,
} from "./resources/resource.js";
export { configResource, loadConfig, ConfigError, type ConfigSources } from "./resources/config-resource.js";
export { ResourceError } from "./resources/resource-error.js";
export type { ResourceOverride } from "./resources/resource-resolver.js";
export type { TracingOptions } from "./tracing/tracing-options.js";
export type { Logger } from "./logging/logger.js";
