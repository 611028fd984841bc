import type { Context as OtelContext } from "@opentelemetry/api";
import type { Event } from "@weft/workflows";

/**
 * The shapes `@weft/server` serves (its `HandlerRecord`, `StreamEntry`, `RunError`), written out here: the server
 * takes this package's runs by shape, so neither package depends on the other.
 */
export type ServedStatus = "running" | "waiting" | "completed" | "failed" | "cancelled";

/** A run as `GET /handlers/{id}` shows it. Times are ISO 8601 strings. */
export interface ServedRecord {
  handler_id: string;
  workflow_name: string;
  status: ServedStatus;
  started_at: string;
  updated_at: string;
  completed_at: string | null;
  result?: unknown;
  error?: string;
  trace_id?: string;
}

/** One entry of a run's stream: `seq` 1, 2, … per run. */
export interface ServedEntry {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

export interface ServedFilter {
  status?: ServedStatus;
  workflow_name?: string;
}

/** `@weft/server`'s `ServerRuns`, as `DBOSRuntime.serverRuns()` gives them: see `@weft/server` for each method. */
export interface ServedRuns {
  start(workflowName: string, start: Event, handlerId: string | undefined, parent?: OtelContext): Promise<ServedRecord>;
  handler(handlerId: string): Promise<ServedRecord>;
  handlers(filter: ServedFilter, limit: number, before?: string): Promise<{ handlers: ServedRecord[]; next: string | null }>;
  context(handlerId: string): Promise<unknown>;
  waitForEnd(handlerId: string, signal?: AbortSignal): Promise<ServedRecord>;
  deliver(handlerId: string, envelope: { type: string; data: Record<string, unknown> }, step: string | undefined): Promise<void>;
  cancel(handlerId: string, purge: boolean): Promise<ServedRecord>;
  read(handlerId: string, after: number, heartbeatMs: number, signal: AbortSignal): AsyncGenerator<ServedEntry | null>;
  close(): Promise<void>;
}

/** A failure the caller caused; the server answers 404, 409 or 400 by `kind`. */
export class ServedRunError extends Error {
  constructor(
    readonly kind: "not_found" | "conflict" | "invalid",
    message: string,
  ) {
    super(message);
    this.name = "RunError";
  }
}

export function isFinal(status: ServedStatus): boolean {
  return status === "completed" || status === "failed" || status === "cancelled";
}
