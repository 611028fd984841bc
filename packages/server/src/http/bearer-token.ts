import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { errorResponse } from "./http-error.js";

/** Hashing both sides first makes the comparison take the same time whatever the length of the guess. */
function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Requires `Authorization: Bearer <token>` on every route but `GET /health`, before anything else runs. */
export function bearerToken(token: string): MiddlewareHandler {
  const expected = digest(token);
  return async (c, next) => {
    if (c.req.path === "/health") return next();
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match || !timingSafeEqual(digest(match[1].trim()), expected)) {
      c.header("WWW-Authenticate", 'Bearer realm="weft"');
      return errorResponse(c, 401, "unauthorized", "This server requires a bearer token (Authorization: Bearer <token>)");
    }
    return next();
  };
}
