import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const main = fileURLToPath(new URL("./worker-main.ts", import.meta.url));
let bundle: Promise<string> | undefined;

/**
 * The worker (`worker-main.ts`, the fixtures, this package's source and its dependencies) as one ES module, built
 * once per test file. A worker process then loads plain JavaScript from one file instead of transpiling TypeScript
 * through tsx and resolving a few hundred modules: that was most of the ~4 s a worker took to start on a loaded
 * 2-core machine (measured in the README).
 */
export function workerBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [main],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    logLevel: "error",
    // loaded only when DBOS exports OTLP, which Weft switches off; pg-native only when asked for
    external: ["@opentelemetry/exporter-*", "@opentelemetry/sdk-*", "pg-native"],
    // the CommonJS packages inside call require(): give the module one
    banner: { js: "import { createRequire as __weftRequire } from 'node:module'; const require = __weftRequire(import.meta.url);" },
  }).then((result) => result.outputFiles[0].text);
  return bundle;
}
