import { context, propagation, SpanKind, SpanStatusCode, trace, type Context as OtelContext } from "@opentelemetry/api";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { registeredTracer } from "../tracing/registered-tracer.js";

const HEADERS_GETTER = {
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
  keys: (headers: Headers) => [...headers.keys()],
};

/** Where the request span's context is kept for the route, so the run span started there is its child. */
export const OTEL_CONTEXT = "weftOtelContext";

declare module "hono" {
  interface ContextVariableMap {
    [OTEL_CONTEXT]: OtelContext;
  }
}

/**
 * One server span per request, with the HTTP semantic conventions; an incoming `traceparent` (through the registered
 * propagator) makes it a child of the caller's span.
 */
export function requestSpan(): MiddlewareHandler {
  return async (c, next) => {
    const parent = propagation.extract(context.active(), c.req.raw.headers, HEADERS_GETTER);
    const tracer = registeredTracer("@weft/server");
    // untraced: no span, so none of its URL parsing and attributes either
    if (!tracer) {
      c.set(OTEL_CONTEXT, parent);
      return next();
    }
    const url = new URL(c.req.url);
    const span = tracer.startSpan(
      c.req.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          "http.request.method": c.req.method,
          "url.path": url.pathname,
          "url.scheme": url.protocol.replace(":", ""),
          ...(url.search ? { "url.query": url.search.slice(1) } : {}),
          ...(c.req.header("user-agent") ? { "user_agent.original": c.req.header("user-agent") } : {}),
        },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    c.set(OTEL_CONTEXT, active);
    try {
      await context.with(active, next);
    } finally {
      const route = routePath(c);
      span.updateName(`${c.req.method} ${route}`);
      span.setAttribute("http.route", route);
      span.setAttribute("http.response.status_code", c.res.status);
      if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
  };
}
