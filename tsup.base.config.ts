import { defineConfig } from "tsup";

/** Every @weft package builds the same way: ESM and CJS with declarations, from src/index.ts. */
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
});
