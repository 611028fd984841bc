import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { AnthropicLLM } from "../../src/index.js";
import { AnthropicWireServer } from "../server/anthropic-wire-server.js";

type Options = Partial<ConstructorParameters<typeof AnthropicLLM>[0]>;

/**
 * One local Anthropic wire server for a test file, with `AnthropicLLM`s pointed at it. After each test it checks that
 * every scripted reply was used, and forgets the requests.
 */
export function useAnthropicServer() {
  let server: AnthropicWireServer | undefined;
  beforeAll(async () => {
    server = await AnthropicWireServer.start();
  });
  afterAll(() => server?.close());
  afterEach(() => {
    if (!server) return;
    server.requests.length = 0;
    expect(server.pending).toBe(0);
  });
  const wire = {
    get server(): AnthropicWireServer {
      if (!server) throw new Error("the wire server starts in beforeAll");
      return server;
    },
    llm: (options: Options = {}) =>
      new AnthropicLLM({ model: "claude-sonnet-4-5", apiKey: "sk-ant-test", baseURL: wire.server.baseURL, maxRetries: 0, ...options }),
  };
  return wire;
}
