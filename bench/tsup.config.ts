import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/main.ts", "src/child.ts", "src/llm-limiter.ts", "src/server/serve-child.ts", "src/server/langgraph-child.ts", "src/server/langgraph-graph.ts", "src/server-main.ts"],
  format: ["esm"],
  dts: false,
  clean: true,
  sourcemap: true,
  target: "node20",
  // LangGraph's server is a devDependency (tsup bundles those by default): loaded from node_modules as it ships
  external: [/^@langchain\//],
});
