import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built page: `dist/page` of this package, found from this module whether it runs from `dist` or `src`. */
export function findAssets(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    // The bundle, not index.html, marks a built folder: src/page holds the page's sources and its index.html too.
    for (const candidate of [join(dir, "page"), join(dir, "dist", "page")]) if (existsSync(join(candidate, "studio.js"))) return candidate;
    dir = dirname(dir);
  }
  throw new Error("the Studio page is not built (run `npm run build` in packages/studio)");
}
