import type { Redaction } from "@weft/core";
import type { EventRegistry } from "../events/event-registry.js";
import type { Logger } from "../logging/logger.js";
import type { ResourceCache } from "../resources/resource-cache.js";
import type { ResourceOverrides } from "../resources/resource-resolver.js";
import type { StepDefinition } from "../workflow/step-definition.js";
import type { RunPlan } from "./reducer.js";
import type { JournalRecord } from "./records.js";
import type { Runtime } from "./runtime.js";

/** What a run needs of its workflow. */
export interface RunHost {
  readonly name: string;
  readonly verbose: boolean;
  readonly logger: Logger | undefined;
  /** What spans may carry; resolved once per workflow, when a run is first traced. */
  redaction(): Redaction;
  readonly plan: RunPlan;
  readonly steps: ReadonlyMap<string, StepDefinition>;
  /** The steps whose start time a decision reads (`stepsTimedFromStart`); the others start without reading the clock. */
  readonly timedSteps: ReadonlySet<StepDefinition>;
  readonly registry: EventRegistry;
  readonly resourceCache: ResourceCache;
  readonly resourceOverrides: ResourceOverrides;
}

export interface RunSettings {
  /** A resumed run's id; a fresh run makes its id on first read (most runs never read it, and a UUID string costs ~450 bytes). */
  runId?: string;
  resourceOverrides: ResourceOverrides;
  signal?: AbortSignal;
  sessionId?: string;
  metadata?: Record<string, unknown>;
  /** Where the run executes and is recorded; default `inProcessRuntime`. */
  runtime?: Runtime;
}

/** A run to rebuild from its journal: its records, `run.started` first. */
export interface JournalSource {
  readonly records: readonly JournalRecord[];
}
