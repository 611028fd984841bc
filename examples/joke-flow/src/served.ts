import { chooseLLM } from "@weft/example-support";
import { createDemoLLM } from "./demo-llm.js";
import { jokeFlow as contractFlow } from "./joke-flow.js";

/**
 * The joke flow for `npx weft serve|dev examples/joke-flow/src/served.ts`: the same steps, with the model `npm start`
 * picks (OpenAI with OPENAI_API_KEY, a compatible server with OPENAI_BASE_URL, else the offline demo model).
 */
export const jokeFlow = contractFlow.withResources({ llm: () => chooseLLM(() => createDemoLLM()).llm });
