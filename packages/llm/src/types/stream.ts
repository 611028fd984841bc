import type { LLMChunk } from "./chunk.js";
import type { LLMResponse } from "./response.js";

/**
 * A streamed answer: iterate it for chunks, then (or instead) await `finalResponse()`.
 * The request starts on first use. It can be iterated once.
 */
export interface LLMStream extends AsyncIterable<LLMChunk> {
  /** Reads whatever is left of the stream and resolves with the assembled response. */
  finalResponse(): Promise<LLMResponse>;
}
