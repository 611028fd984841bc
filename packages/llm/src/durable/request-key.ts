import { createHash } from "node:crypto";
import { canonicalJson } from "../cassette/canonical-json.js";
import { requestShape } from "../cassette/cassette-request.js";
import type { ChatRequest } from "../core/chat-request.js";

/**
 * What a recorded LLM call is matched on besides its place in the step: a hash of the canonical request (provider,
 * model, messages, options, tools, response format; not the signal or timeout, which do not change the answer).
 * A prompt that changed gives another key, so the call is sent again rather than answered from the journal.
 */
export function requestKey(provider: string, model: string, request: ChatRequest, streaming: boolean): string {
  const { responseFormat } = request;
  const canonical = canonicalJson({
    provider,
    model,
    request: requestShape(streaming ? "stream" : "chat", request.messages, request.options, responseFormat?.schema),
    ...(responseFormat && { responseFormat: { type: responseFormat.type, name: responseFormat.name } }),
  });
  return createHash("sha256").update(canonical).digest("base64url");
}
