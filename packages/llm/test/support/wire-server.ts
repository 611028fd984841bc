import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { OpenAIEmbedding, OpenAILLM } from "../../src/index.js";
import { OpenAIWireServer } from "../server/openai-wire-server.js";

type LLMOptions = Partial<ConstructorParameters<typeof OpenAILLM>[0]>;
type EmbeddingOptions = Partial<ConstructorParameters<typeof OpenAIEmbedding>[0]>;

/**
 * One local OpenAI wire server for a test file, with adapters pointed at it. After each test it checks that every
 * scripted reply was used, and forgets the requests.
 */
export function useWireServer() {
  let server: OpenAIWireServer | undefined;
  beforeAll(async () => {
    server = await OpenAIWireServer.start();
  });
  afterAll(() => server?.close());
  afterEach(() => {
    if (!server) return;
    server.requests.length = 0;
    expect(server.pending).toBe(0);
  });
  const wire = {
    get server(): OpenAIWireServer {
      if (!server) throw new Error("the wire server starts in beforeAll");
      return server;
    },
    llm: (options: LLMOptions = {}) =>
      new OpenAILLM({ model: "gpt-4.1-mini", apiKey: "sk-test", baseURL: wire.server.baseURL, maxRetries: 0, ...options }),
    embedding: (options: EmbeddingOptions = {}) =>
      new OpenAIEmbedding({ model: "text-embedding-3-small", apiKey: "sk-test", baseURL: wire.server.baseURL, maxRetries: 0, ...options }),
  };
  return wire;
}
