import { ServerResponse } from "node:http";
import { Hono } from "hono";
import { z } from "zod";
import { readBody } from "../http/request-body.js";
import { HttpError } from "../http/http-error.js";
import type { ServerRuns } from "../runs/server-runs.js";
import { clientGone } from "../http/connection-signal.js";
import { entryStream, writeEntryStream } from "../http/entry-stream.js";

const sendBody = z.object({
  event: z.object({ type: z.string().min(1), data: z.record(z.string(), z.unknown()).default({}) }),
  step: z.string().min(1).optional(),
});

function sequence(value: string | undefined, what: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new HttpError(400, "invalid_request", `${what} must be a whole number >= 0 (got "${value.slice(0, 40)}")`);
  return Number(value);
}

/** `/events/{handler_id}`: the run's stream (SSE or NDJSON, resumable) and events sent into the run. */
export function eventRoutes(runs: ServerRuns, heartbeatMs: number, onError: (error: unknown) => void): Hono {
  const app = new Hono();

  app.get("/events/:id", async (c) => {
    const id = c.req.param("id");
    await runs.handler(id); // 404 before any stream starts
    const after = sequence(c.req.query("after_sequence"), "after_sequence") ?? sequence(c.req.header("last-event-id"), "Last-Event-ID") ?? 0;
    const sse = c.req.query("sse") !== "false";
    const read = runs.read.bind(runs, id, after, heartbeatMs);
    // served by @hono/node-server: frames go straight to the socket (1,000 readers of one run is the common load)
    const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
    if (outgoing instanceof ServerResponse) return writeEntryStream(outgoing, c.res.headers, read, sse, onError, clientGone(c));
    return entryStream(read, sse, c.req.raw.signal);
  });

  app.post("/events/:id", async (c) => {
    const body = await readBody(c, sendBody);
    await runs.deliver(c.req.param("id"), body.event, body.step);
    return c.json({ status: "sent" }, 202);
  });

  return app;
}
