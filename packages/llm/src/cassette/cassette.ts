import type { LLMErrorKind } from "../errors/llm-error.js";
import type { LLMChunk } from "../types/chunk.js";
import type { LLMResponse } from "../types/response.js";

/** Which `LLM` method made a request: `complete` is recorded as `chat`, `streamComplete` as `stream`. */
export type CassetteMethod = "chat" | "stream" | "structured";

/** A request as a cassette matches it: options without `signal` or `timeoutMs`, tools as their schemas, secrets out. */
export interface CassetteRequest {
  method: CassetteMethod;
  messages: unknown[];
  options: Record<string, unknown>;
  /** `structured`: the JSON schema asked for. */
  schema?: unknown;
}

export interface CassetteError {
  kind: LLMErrorKind;
  message: string;
  status?: number;
  code?: string;
  retryAfterMs?: number;
}

/** One request and what answered it: a response, a stream's chunks and response, a structured value, or an error. */
export interface CassetteInteraction {
  request: CassetteRequest;
  response?: Omit<LLMResponse, "raw">;
  chunks?: Array<Omit<LLMChunk, "raw">>;
  value?: unknown;
  error?: CassetteError;
}

/** The JSON file `RecordingLLM` writes and `ReplayLLM` reads. */
export interface Cassette {
  version: 1;
  provider: string;
  model: string;
  interactions: CassetteInteraction[];
}
