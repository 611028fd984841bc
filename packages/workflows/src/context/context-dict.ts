import { z } from "zod";
import { ContextSerializationError } from "../errors/errors.js";
import type { EventJSON } from "../events/event.js";

export const CONTEXT_DICT_VERSION = 1;

const eventJSON = z.object({ type: z.string(), id: z.string(), data: z.record(z.string(), z.unknown()) });

/** A run in progress, as plain JSON. */
export interface RunSnapshot {
  runId: string;
  /** Per step: inputs of executions that were in progress (they run again), then queued events. */
  queues: Record<string, EventJSON[]>;
  collectBuffers: Record<string, EventJSON[]>;
  /** Steps waiting in `waitForEvent`; they re-run from their input and find their waiter by id. */
  waiters: { id: string; step: string; eventType: string; requirements?: Record<string, unknown> }[];
  /** Events nobody had taken yet (kept for a waiter). */
  parked: EventJSON[];
  /** W3C traceparent of the run span, so a resumed run continues the same trace. */
  traceparent?: string;
}

/** `ctx.toDict()`: plain JSON. */
export interface ContextDict {
  version: number;
  workflow: string;
  state: unknown;
  store: Record<string, unknown>;
  run: RunSnapshot | null;
  /** `hmac-sha256:<hex>` when made by `toDict({ key })`: an HMAC of everything else, checked by `fromDict(…, { key })`. */
  signature?: string;
}

const runSnapshot: z.ZodType<RunSnapshot> = z.object({
  runId: z.string(),
  /** Per step: inputs of executions that were in progress (they run again), then queued events. */
  queues: z.record(z.string(), z.array(eventJSON)),
  collectBuffers: z.record(z.string(), z.array(eventJSON)),
  /** Steps waiting in `waitForEvent`; they re-run from their input and find their waiter by id. */
  waiters: z.array(z.object({ id: z.string(), step: z.string(), eventType: z.string(), requirements: z.record(z.string(), z.unknown()).optional() })),
  /** Events nobody had taken yet (kept for a waiter). */
  parked: z.array(eventJSON),
  /** W3C traceparent of the run span, so a resumed run continues the same trace. */
  traceparent: z.string().optional(),
});

const contextDict: z.ZodType<ContextDict> = z.object({
  version: z.number(),
  workflow: z.string(),
  state: z.unknown(),
  store: z.record(z.string(), z.unknown()),
  run: runSnapshot.nullable(),
  signature: z.string().optional(),
});


export function parseContextDict(dict: unknown, workflowName: string): ContextDict {
  const version = (dict as { version?: unknown } | null)?.version;
  if (version !== CONTEXT_DICT_VERSION) {
    throw new ContextSerializationError(
      `Context snapshot version ${JSON.stringify(version)} is not supported (this engine reads version ${CONTEXT_DICT_VERSION})`,
    );
  }
  const parsed = contextDict.safeParse(dict);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(snapshot)"}: ${i.message}`);
    throw new ContextSerializationError(`Context snapshot has the wrong shape:\n${lines.join("\n")}`);
  }
  if (parsed.data.workflow !== workflowName) {
    throw new ContextSerializationError(`Context snapshot belongs to workflow "${parsed.data.workflow}", not "${workflowName}"`);
  }
  return parsed.data;
}
