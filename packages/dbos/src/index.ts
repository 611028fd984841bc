export { DBOSRuntime, type DBOSRuntimeOptions, type StartOptions, type RunStatus } from "./dbos-runtime.js";
export type { DurableWorkflow } from "./runs/durable-workflow.js";
export type { RunOutcome } from "./runs/run-outcome.js";
export type { ServedEntry, ServedFilter, ServedRecord, ServedRuns, ServedStatus } from "./serving/served-shapes.js";
