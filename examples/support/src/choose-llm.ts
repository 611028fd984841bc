import { OpenAILLM, type LLM } from "@weft/llm";

export interface ChosenLLM {
  llm: LLM;
  /** What to tell the user about where answers come from. */
  description: string;
  offline: boolean;
}

/**
 * OpenAI with OPENAI_API_KEY, any OpenAI-compatible server with OPENAI_BASE_URL (Ollama, vLLM, LM Studio …), and
 * otherwise the offline demo model, so the example runs on a fresh clone without network or keys.
 */
export function chooseLLM(demo: () => LLM, env: NodeJS.ProcessEnv = process.env): ChosenLLM {
  const apiKey = env.OPENAI_API_KEY;
  const baseURL = env.OPENAI_BASE_URL;
  if (!apiKey && !baseURL) {
    return {
      llm: demo(),
      description: "offline demo model — canned answers from a MockLLM, no network. Set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (any compatible server) for a real model.",
      offline: true,
    };
  }
  const model = env.WEFT_MODEL || "gpt-4.1-mini";
  // With only a baseURL, OpenAILLM talks to the compatible server without a key.
  const llm = new OpenAILLM({ model, apiKey, baseURL });
  return { llm, description: `${model} at ${baseURL ?? "api.openai.com"}`, offline: false };
}
