import { Hono } from "hono";
import type { TraceStore } from "../store/trace-store.js";
import { studioError } from "./studio-error.js";

const TRACE_ID = /^[0-9a-f]{32}$/;

/** What the page reads besides the server's routes: the stored traces. */
export function traceRoutes(store: TraceStore): Hono {
  const app = new Hono();
  app.get("/studio/api/traces", (c) => {
    const limitText = c.req.query("limit") ?? "100";
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      return studioError(c, 400, "bad_request", `limit must be an integer from 1 to 10000, got "${limitText}"`);
    }
    return c.json({ traces: store.traces({ limit, service: c.req.query("service") }) });
  });
  app.get("/studio/api/traces/:traceId", (c) => {
    const traceId = c.req.param("traceId").toLowerCase();
    if (!TRACE_ID.test(traceId)) return studioError(c, 400, "bad_request", `a trace id is 32 hex digits, got "${c.req.param("traceId").slice(0, 64)}"`);
    const spans = store.trace(traceId);
    if (spans.length === 0) return studioError(c, 404, "not_found", `no spans stored for trace ${traceId}`);
    return c.json({ trace_id: traceId, spans });
  });
  return app;
}
