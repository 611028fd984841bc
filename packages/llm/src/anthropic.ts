export { AnthropicLLM } from "./anthropic/anthropic-llm.js";
export type { AnthropicLLMOptions } from "./anthropic/anthropic-llm-options.js";
