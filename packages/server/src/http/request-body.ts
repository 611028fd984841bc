import type { Context } from "hono";
import type { z } from "zod";
import { HttpError } from "./http-error.js";

/** Reads and checks a JSON body; a 400 names the field that is wrong. An empty body counts as `{}`. */
export async function readBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim() !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      throw new HttpError(400, "invalid_json", "The body is not valid JSON");
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(body)"}: ${i.message}`);
    throw new HttpError(400, "invalid_body", `Invalid body: ${lines.join("; ")}`);
  }
  return parsed.data;
}
