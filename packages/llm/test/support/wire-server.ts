import { OpenAIEmbedding, OpenAILLM } from "../../src/index.js";
import { OpenAIWireServer } from "../server/openai-wire-server.js";
import { useServer } from "./use-server.js";

type LLMOptions = Partial<ConstructorParameters<typeof OpenAILLM>[0]>;
type EmbeddingOptions = Partial<ConstructorParameters<typeof OpenAIEmbedding>[0]>;

/** One local OpenAI wire server for a test file (see `useServer`), with adapters pointed at it. */
export function useWireServer() {
  const wire = useServer(() => OpenAIWireServer.start());
  return {
    get server(): OpenAIWireServer {
      return wire.server;
    },
    llm: (options: LLMOptions = {}) =>
      new OpenAILLM({ model: "gpt-4.1-mini", apiKey: "sk-test", baseURL: wire.server.baseURL, maxRetries: 0, ...options }),
    embedding: (options: EmbeddingOptions = {}) =>
      new OpenAIEmbedding({ model: "text-embedding-3-small", apiKey: "sk-test", baseURL: wire.server.baseURL, maxRetries: 0, ...options }),
  };
}
