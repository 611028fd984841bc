import { defineConfig } from "tsup";
import base from "../../tsup.base.config";

// The stores are entry points of their own, so importing `@weft/memory` never loads a database driver.
// Splitting (also for CJS) keeps one copy of the shared classes, so `instanceof MemoryInputError` holds
// whichever entry a value came from.
export default defineConfig({
  ...base,
  entry: { index: "src/index.ts", postgres: "src/postgres.ts", sqlite: "src/sqlite.ts" },
  splitting: true,
});
