import { jsonFixture, WireServer, type WireProtocol, type WireReply } from "./wire-server.js";

export { fixture, jsonFixture, type RecordedRequest, type WireReply } from "./wire-server.js";

const OPENAI: WireProtocol = {
  basePath: "/v1",
  headers: (id) => ({ "x-request-id": id, "openai-processing-ms": "87" }),
  errorBody: (message) => ({ error: { message, type: "invalid_request_error", param: null, code: null } }),
};

/** A local HTTP server speaking the OpenAI wire protocol for `/v1/chat/completions` and `/v1/embeddings`. */
export class OpenAIWireServer extends WireServer {
  static async start(): Promise<OpenAIWireServer> {
    return new OpenAIWireServer(await WireServer.listen(), OPENAI);
  }

  chat(...replies: WireReply[]): this {
    return this.enqueue("/chat/completions", replies);
  }

  embeddings(...replies: WireReply[]): this {
    return this.enqueue("/embeddings", replies);
  }
}

/** The recorded chat completion fixture, answering `text` instead. */
export function chatReply(text: string): WireReply {
  const body = structuredClone(jsonFixture("chat-completion.json")) as { choices: { message: { content: string } }[] };
  body.choices[0]!.message.content = text;
  return { json: body };
}
