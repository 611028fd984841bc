import type { LLMChunk } from "../types/chunk.js";
import type { LLMResponse } from "../types/response.js";

/** An answer as the journal keeps it: plain JSON, without the provider's raw response. */
export type RecordedResponse = Omit<LLMResponse, "raw">;

export function recordedResponse(response: LLMResponse): RecordedResponse {
  const { raw: _raw, ...rest } = response;
  // tool arguments may hold what a tool's schema transformed (a Date …); a replay parses them again from the raw text
  return JSON.parse(JSON.stringify(rest)) as RecordedResponse;
}

/** The chunks a recorded answer is streamed back as: its text, its tool calls, then the finish reason and usage. */
export function* recordedChunks(response: RecordedResponse): Generator<LLMChunk> {
  const { text } = response;
  if (text !== "") yield { delta: text, text };
  if (response.toolCalls.length > 0) {
    yield {
      delta: "",
      text,
      toolCallDeltas: response.toolCalls.map((call, index) => ({ index, id: call.id, name: call.name, argumentsDelta: call.rawArguments })),
    };
  }
  yield { delta: "", text, finishReason: response.finishReason, usage: response.usage };
}
