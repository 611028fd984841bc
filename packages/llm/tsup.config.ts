import { defineConfig } from "tsup";
import base from "../../tsup.base.config";

// AnthropicLLM is an entry point of its own, so `@weft/llm` neither loads nor installs `@anthropic-ai/sdk` (an
// optional peer) for apps that never use it. Splitting (also for CJS) keeps one copy of the shared classes, so
// `instanceof LLMError` holds whichever entry a value came from.
export default defineConfig({
  ...base,
  entry: { index: "src/index.ts", anthropic: "src/anthropic.ts" },
  splitting: true,
});
