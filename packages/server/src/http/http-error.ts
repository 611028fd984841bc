import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { RunError } from "../runs/run-manager.js";

/** A failure with the status code and `{ error: { code, message } }` body the routes answer with. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function errorResponse(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status);
}

const RUN_ERRORS = {
  not_found: [404, "not_found"],
  conflict: [409, "conflict"],
  invalid: [400, "invalid_event"],
  unavailable: [503, "store_unavailable"],
} as const;

/** A `RunError`, or one by shape: a runtime that owns runs (`RunOwner`) throws its own, named so (see `ServerRuns`). */
function isRunError(error: unknown): error is RunError {
  return error instanceof Error && error.name === "RunError" && Object.hasOwn(RUN_ERRORS, (error as Partial<RunError>).kind ?? "");
}

/**
 * Turns any thrown error into the JSON error body. Known errors keep their message (it names what was wrong); anything
 * else is a 500 with a fixed message, so no stack or internal detail reaches the caller.
 */
export function toErrorResponse(error: unknown, c: Context, report: (error: unknown) => void): Response {
  if (error instanceof HttpError) return errorResponse(c, error.status, error.code, error.message);
  if (isRunError(error)) {
    const [status, code] = RUN_ERRORS[error.kind];
    return errorResponse(c, status, code, error.message);
  }
  // by name: a served module may bring its own copy of @weft/workflows, whose classes are not ours
  const name = error instanceof Error ? error.name : "";
  if (name === "EventValidationError") return errorResponse(c, 400, "invalid_event", (error as Error).message);
  if (name === "WorkflowRuntimeError" || name === "ContextSerializationError") return errorResponse(c, 400, "invalid_request", (error as Error).message);
  report(error);
  return errorResponse(c, 500, "internal_error", "The server failed to handle this request");
}
