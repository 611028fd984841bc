import { Hono, type Context } from "hono";
import { briefSpan } from "../spans/brief-span.js";
import type { StoredSpan } from "../spans/stored-span.js";
import type { TraceStore } from "../store/trace-store.js";
import { studioError } from "./studio-error.js";

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/** What the page reads besides the server's routes: the stored traces. */
export function traceRoutes(store: TraceStore): Hono {
  const app = new Hono();
  /** The trace's spans, or the error answer when the id is malformed or nothing is stored for it. */
  const spansOf = (c: Context): StoredSpan[] | Response => {
    const traceId = c.req.param("traceId")!.toLowerCase();
    if (!TRACE_ID.test(traceId)) return studioError(c, 400, "bad_request", `a trace id is 32 hex digits, got "${c.req.param("traceId")!.slice(0, 64)}"`);
    const spans = store.trace(traceId);
    return spans.length > 0 ? spans : studioError(c, 404, "not_found", `no spans stored for trace ${traceId}`);
  };
  app.get("/studio/api/traces", (c) => {
    const limitText = c.req.query("limit") ?? "100";
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      return studioError(c, 400, "bad_request", `limit must be an integer from 1 to 10000, got "${limitText}"`);
    }
    return c.json({ traces: store.traces({ limit, service: c.req.query("service") }) });
  });
  // `?brief=true`: each span with only what its timeline row shows; `/spans/{spanId}` then gives one whole.
  app.get("/studio/api/traces/:traceId", (c) => {
    const spans = spansOf(c);
    if (spans instanceof Response) return spans;
    return c.json({ trace_id: spans[0].traceId, spans: c.req.query("brief") === "true" ? spans.map(briefSpan) : spans });
  });
  app.get("/studio/api/traces/:traceId/spans/:spanId", (c) => {
    const spanId = c.req.param("spanId").toLowerCase();
    if (!SPAN_ID.test(spanId)) return studioError(c, 400, "bad_request", `a span id is 16 hex digits, got "${c.req.param("spanId").slice(0, 64)}"`);
    const spans = spansOf(c);
    if (spans instanceof Response) return spans;
    const span = spans.find((s) => s.spanId === spanId);
    return span ? c.json(span) : studioError(c, 404, "not_found", `trace ${spans[0].traceId} has no span ${spanId}`);
  });
  return app;
}
