import { Hono } from "hono";
import { z } from "zod";
import { HttpError } from "../http/http-error.js";
import type { ServerRuns } from "../runs/server-runs.js";
import { isFinal } from "../store/run-store.js";

/** `GET /handlers` pages: 100 records unless `limit` says otherwise, never more than 1,000. */
export const HANDLERS_PAGE = { default: 100, max: 1000 } as const;

const listQuery = z.object({
  status: z.enum(["running", "waiting", "completed", "failed", "cancelled"]).optional(),
  workflow_name: z.string().optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `a whole number from 1 to ${HANDLERS_PAGE.max}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= HANDLERS_PAGE.max, `a whole number from 1 to ${HANDLERS_PAGE.max}`)
    .optional(),
  cursor: z
    .string()
    .transform((c, ctx) => {
      const id = decodeCursor(c);
      if (id === undefined) ctx.addIssue({ code: "custom", message: "not a cursor this server gave (pass next_cursor back as it is)" });
      return id ?? "";
    })
    .optional(),
});

/** The cursor is the last id of the page, opaque to clients so its form can change. */
function encodeCursor(handlerId: string): string {
  return Buffer.from(handlerId, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  return id.length > 0 && encodeCursor(id) === cursor ? id : undefined;
}

/** `/handlers`: the runs' records, and cancelling one. */
export function handlerRoutes(runs: ServerRuns): Hono {
  const app = new Hono();

  app.get("/handlers", async (c) => {
    const query = listQuery.safeParse(c.req.query());
    if (!query.success) {
      const issue = query.error.issues[0];
      throw new HttpError(400, "invalid_query", `${issue.path.join(".")}: ${issue.message}`);
    }
    const { limit = HANDLERS_PAGE.default, cursor, ...filter } = query.data;
    const page = await runs.handlers(filter, limit, cursor);
    return c.json({ handlers: page.handlers, next_cursor: page.next === null ? null : encodeCursor(page.next) });
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
