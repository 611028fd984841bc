import { LLMError } from "../errors/llm-error.js";
import type { LLMChunk } from "../types/chunk.js";
import type { LLMResponse } from "../types/response.js";
import { abortedError } from "./abortable-delay.js";
import type { ChatRequest } from "./chat-request.js";

/** Turns a provider's stream events into chunks and, at the end, the response. */
export interface StreamAssembly<E> {
  /** The chunk to hand out for `event`, or undefined for events that carry nothing for the caller. */
  add(event: E): LLMChunk | undefined;
  /** Whether the provider said why the model stopped (a stream cut off early never does). */
  readonly finished: boolean;
  response(): LLMResponse;
}

/**
 * Yields the chunks of a provider's event stream and returns the assembled response. The SDKs end the iteration
 * quietly on abort, and a cut-off stream must not pass for a whole answer: both reject. `marker` names what a
 * finished stream carries, for the message.
 */
export async function* assembleStream<E>(
  events: AsyncIterable<E>,
  assembler: StreamAssembly<E>,
  request: ChatRequest,
  provider: string,
  marker: string,
): AsyncGenerator<LLMChunk, LLMResponse, undefined> {
  // Leaving this loop early (the caller stopped reading) closes the HTTP stream.
  for await (const event of events) {
    const out = assembler.add(event);
    if (out) yield out;
  }
  if (request.options.signal?.aborted) throw abortedError(provider);
  if (!assembler.finished) {
    throw new LLMError(`${provider}: the stream ended before the model finished (no ${marker} received)`, { kind: "connection", provider });
  }
  return assembler.response();
}

/** The per-request options both SDKs take: the call's signal and timeout. */
export function sdkRequestOptions(request: ChatRequest): { signal?: AbortSignal; timeout?: number } {
  const { signal, timeoutMs } = request.options;
  return { ...(signal && { signal }), ...(timeoutMs !== undefined && { timeout: timeoutMs }) };
}
