import { Hono, type Context } from "hono";
import { z } from "zod";
import { clientGone } from "../http/connection-signal.js";
import { readBody } from "../http/request-body.js";
import { HttpError } from "../http/http-error.js";
import { OTEL_CONTEXT } from "../http/request-span.js";
import type { RunDriver } from "../runs/run-driver.js";
import type { ServerRuns } from "../runs/server-runs.js";
import { eventClasses, eventSchema, representation, startStopSchemas } from "../workflows/workflow-description.js";

const runBody = z.object({
  start_event: z.record(z.string(), z.unknown()).optional(),
  handler_id: z.string().min(1).max(200).regex(/^[\w.:-]+$/, "letters, digits and . _ : - only").optional(),
});

/** `/health`, `/workflows` and the routes that describe and start a workflow. */
export function workflowRoutes(driver: RunDriver, runs: ServerRuns): Hono {
  const app = new Hono();
  const workflowOf = (name: string) => {
    const workflow = driver.workflow(name);
    if (!workflow) throw new HttpError(404, "not_found", `no workflow "${name}" (served: ${driver.names().join(", ") || "none"})`);
    return workflow;
  };

  app.get("/health", (c) => c.json({ status: "healthy" }));
  app.get("/workflows", (c) => c.json({ workflows: driver.names() }));
  app.get("/workflows/:name/schema", (c) => c.json(startStopSchemas(workflowOf(c.req.param("name")))));
  app.get("/workflows/:name/representation", (c) => c.json(representation(workflowOf(c.req.param("name")))));
  app.get("/workflows/:name/events", (c) =>
    c.json({ events: eventClasses(workflowOf(c.req.param("name"))).map((cls) => ({ type: cls.eventName, schema: eventSchema(cls) })) }),
  );

  const start = async (c: Context) => {
    const name = c.req.param("name") as string;
    workflowOf(name);
    const body = await readBody(c, runBody);
    const startEvent = driver.startEvent(name, body.start_event ?? {});
    return runs.start(name, startEvent, body.handler_id, c.get(OTEL_CONTEXT));
  };

  app.post("/workflows/:name/run", async (c) => {
    const started = await start(c);
    const record = await runs.waitForEnd(started.handler_id, clientGone(c));
    return c.json(record);
  });

  app.post("/workflows/:name/run-nowait", async (c) => {
    const record = await start(c);
    return c.json({ handler_id: record.handler_id, status: record.status });
  });

  return app;
}
