import { Hono } from "hono";
import { z } from "zod";
import { HttpError } from "../http/http-error.js";
import type { RunManager } from "../runs/run-manager.js";
import { isFinal } from "../store/run-store.js";

const listQuery = z.object({
  status: z.enum(["running", "waiting", "completed", "failed", "cancelled"]).optional(),
  workflow_name: z.string().optional(),
});

/** `/handlers`: the runs' records, and cancelling one. */
export function handlerRoutes(runs: RunManager): Hono {
  const app = new Hono();

  app.get("/handlers", async (c) => {
    const query = listQuery.safeParse(c.req.query());
    if (!query.success) {
      const issue = query.error.issues[0];
      throw new HttpError(400, "invalid_query", `${issue.path.join(".")}: ${issue.message}`);
    }
    return c.json({ handlers: await runs.handlers(query.data) });
  });

  app.get("/handlers/:id", async (c) => {
    const record = await runs.handler(c.req.param("id"));
    return c.json(record, isFinal(record.status) ? 200 : 202);
  });

  app.get("/handlers/:id/context", async (c) => c.json({ handler_id: c.req.param("id"), context: await runs.context(c.req.param("id")) }));

  app.post("/handlers/:id/cancel", async (c) => {
    const purge = c.req.query("purge") === "true";
    return c.json(await runs.cancel(c.req.param("id"), purge));
  });

  return app;
}
