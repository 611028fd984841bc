import { cpSync, mkdirSync } from "node:fs";
import { defineConfig } from "tsup";
import base from "../../tsup.base.config";

/** The library for Node, and the page for browsers: one ES module with Preact inside, minified, no CDN. */
export default defineConfig([
  // Neither cleans: they run at once, so the build script empties dist first.
  { ...(base as object), shims: true, clean: false },
  {
    entry: { studio: "src/page/main.ts" },
    outDir: "dist/page",
    format: ["esm"],
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: false,
    dts: false,
    clean: false,
    outExtension: () => ({ js: ".js" }),
    async onSuccess() {
      mkdirSync("dist/page", { recursive: true });
      cpSync("src/page/index.html", "dist/page/index.html");
      cpSync("src/page/studio.css", "dist/page/studio.css");
    },
  },
]);
