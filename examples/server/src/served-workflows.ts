import { jokeFlow as liveJokeFlow } from "@weft/example-joke-flow/src/joke-flow";
import { createDemoLLM } from "@weft/example-joke-flow/src/demo-llm";

/** `weft serve` serves every workflow this module exports. */
export { quizFlow } from "@weft/example-hitl/src/quiz-flow";

/** With OPENAI_API_KEY the real model writes the jokes; without it, an offline demo model does. */
export const jokeFlow = process.env.OPENAI_API_KEY ? liveJokeFlow : liveJokeFlow.withResources({ llm: createDemoLLM() });
