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
