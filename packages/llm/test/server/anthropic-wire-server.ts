import { WireServer, type WireProtocol, type WireReply } from "./wire-server.js";

export { fixture, jsonFixture, type RecordedRequest, type WireReply } from "./wire-server.js";

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

/** The Messages API's error body: `{ type: "error", error: { type, message }, request_id }`. */
export function anthropicError(status: number, message: string, requestId = "req_011CTestErrorBody"): unknown {
  return { type: "error", error: { type: ERROR_TYPES[status] ?? "api_error", message }, request_id: requestId };
}

/** A Messages API event stream: one `event:` / `data:` frame per event, named by its `type`. */
export function anthropicSSE(events: ReadonlyArray<{ type: string }>): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join("");
}

const ANTHROPIC: WireProtocol = {
  basePath: "",
  headers: (id) => ({ "request-id": id, "anthropic-organization-id": "00000000-0000-4000-8000-000000000000" }),
  errorBody: (message, status) => anthropicError(status, message),
};

/** A local HTTP server speaking the Anthropic Messages API wire protocol (`POST /v1/messages`). */
export class AnthropicWireServer extends WireServer {
  static async start(): Promise<AnthropicWireServer> {
    return new AnthropicWireServer(await WireServer.listen(), ANTHROPIC);
  }

  messages(...replies: WireReply[]): this {
    return this.enqueue("/v1/messages", replies);
  }
}
