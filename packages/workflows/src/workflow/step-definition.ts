import type { AnyEventClass, Event } from "../events/event.js";
import type { ResourceMap } from "../resources/resource.js";
import type { RetryPolicy } from "../runtime/retry-policy.js";

/** What `.step()` is told besides the handler. */
export interface StepConfig<A extends readonly AnyEventClass[], R extends readonly AnyEventClass[], M extends ResourceMap> {
  /** Event classes this step handles; it runs once per accepted event. */
  accepts: A;
  /** Event classes it may return or send (empty for a step that only writes to the stream or waits). */
  returns: R;
  /** Resources the handler receives as its third argument, by key. */
  resources?: M;
  /** Concurrent executions of this step at most. Default 4. */
  numWorkers?: number;
  /** Overrides the workflow's retry policy. */
  retry?: RetryPolicy;
  /** Seconds one attempt may take; `null` or absent for none. */
  timeout?: number | null;
  /** For a step accepting `StepFailedEvent`: how many failures it may recover from per run. Default 1. */
  maxRecoveries?: number;
}

/** A step as the runtime sees it. */
export interface StepDefinition {
  readonly name: string;
  readonly accepts: readonly AnyEventClass[];
  readonly returns: readonly AnyEventClass[];
  readonly resources: ResourceMap;
  readonly resourceKeys: readonly string[];
  readonly numWorkers: number;
  readonly retry: RetryPolicy | undefined;
  readonly timeoutMs: number | null;
  readonly maxRecoveries: number;
  readonly handler: (event: Event, ctx: never, resources: never) => unknown;
}

export function acceptsEvent(step: StepDefinition, event: Event): boolean {
  for (const cls of step.accepts) if (event instanceof cls) return true;
  return false;
}

export function returnsEvent(step: StepDefinition, event: Event): boolean {
  for (const cls of step.returns) if (event instanceof cls) return true;
  return false;
}
