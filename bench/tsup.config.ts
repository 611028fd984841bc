import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/main.ts", "src/child.ts", "src/llm-limiter.ts", "src/server/serve-child.ts", "src/server-main.ts"],
  format: ["esm"],
  dts: false,
  clean: true,
  sourcemap: true,
  target: "node20",
});
