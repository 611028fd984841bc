import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import { studioError } from "./studio-error.js";

const TYPES: Record<string, string> = { "studio.js": "text/javascript; charset=utf-8", "studio.css": "text/css; charset=utf-8" };

// The page cannot be framed or load anything from elsewhere: it drives runs, so it must not be clickjacked.
const SECURITY = {
  "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/** The page at `/` and its two assets, read once from the built `dist/page` folder. */
export function pageRoutes(assetsDir: string): Hono {
  const files = new Map<string, Buffer>();
  for (const name of ["index.html", ...Object.keys(TYPES)]) files.set(name, readFileSync(join(assetsDir, name)));
  const app = new Hono();
  app.get("/", (c) => c.body(new Uint8Array(files.get("index.html")!), 200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache", ...SECURITY }));
  app.get("/studio/assets/:file", (c) => {
    const name = c.req.param("file");
    const file = TYPES[name] ? files.get(name) : undefined;
    if (!file) return studioError(c, 404, "not_found", `no asset "${name.slice(0, 64)}"`);
    return c.body(new Uint8Array(file), 200, { "content-type": TYPES[name], "cache-control": "no-cache", ...SECURITY });
  });
  return app;
}
