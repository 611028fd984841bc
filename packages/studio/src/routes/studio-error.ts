import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Errors in the server's shape, `{ error: { code, message } }`, so one client reads both. */
export function studioError(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status);
}
