export { DBOSRuntime, type DBOSRuntimeOptions, type StartOptions, type RunStatus } from "./dbos-runtime.js";
export type { DurableWorkflow } from "./runs/durable-workflow.js";
export type { RunOutcome } from "./runs/run-outcome.js";
