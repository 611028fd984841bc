import { AnthropicLLM } from "../../src/anthropic.js";
import { AnthropicWireServer } from "../server/anthropic-wire-server.js";
import { useServer } from "./use-server.js";

type Options = Partial<ConstructorParameters<typeof AnthropicLLM>[0]>;

/** One local Anthropic wire server for a test file (see `useServer`), with `AnthropicLLM`s pointed at it. */
export function useAnthropicServer() {
  const wire = useServer(() => AnthropicWireServer.start());
  return {
    get server(): AnthropicWireServer {
      return wire.server;
    },
    llm: (options: Options = {}) =>
      new AnthropicLLM({ model: "claude-sonnet-4-5", apiKey: "sk-ant-test", baseURL: wire.server.baseURL, maxRetries: 0, ...options }),
  };
}
