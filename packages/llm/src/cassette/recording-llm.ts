import type { z } from "zod";
import { ResponseStream } from "../core/response-stream.js";
import { LLMError } from "../errors/llm-error.js";
import { LLM_SIGNAL_ARGS } from "../signal/llm-signal-args.js";
import { followStepScope } from "../signal/follow-step-signal.js";
import type { LLMChunk } from "../types/chunk.js";
import type { LLM } from "../types/llm.js";
import type { ChatMessage } from "../types/message.js";
import type { CallOptions, StructuredOptions } from "../types/options.js";
import type { LLMResponse } from "../types/response.js";
import type { LLMStream } from "../types/stream.js";
import type { Cassette, CassetteError, CassetteInteraction, CassetteRequest } from "./cassette.js";
import { writeCassette } from "./cassette-file.js";
import { cassetteRequest } from "./cassette-request.js";
import { scrubSecrets } from "./scrub-secrets.js";

export interface RecordingLLMOptions {
  /** The cassette to write (JSON). It is started afresh and rewritten after every call. */
  file: string;
}

/**
 * Passes every call to `inner` and writes each request with its answer (or error) to a JSON cassette, for
 * `ReplayLLM` to answer from later with no network. Credentials never reach the file: the cassette holds no headers,
 * and keys or tokens inside requests and answers are scrubbed. A stream is recorded once it has ended.
 */
export class RecordingLLM implements LLM {
  readonly model: string;
  readonly provider: string;
  readonly file: string;
  readonly #inner: LLM;
  readonly #cassette: Cassette;

  constructor(inner: LLM, options: RecordingLLMOptions) {
    if (typeof inner?.chat !== "function") throw new TypeError("RecordingLLM: the first argument must be an LLM to record");
    if (typeof options?.file !== "string" || options.file === "") throw new TypeError('RecordingLLM: "file" is required (the cassette to write)');
    this.#inner = inner;
    this.model = inner.model;
    this.provider = inner.provider;
    this.file = options.file;
    this.#cassette = { version: 1, provider: inner.provider, model: inner.model, interactions: [] };
    writeCassette(this.file, this.#cassette);
  }

  complete(prompt: string, options?: CallOptions): Promise<LLMResponse> {
    return this.chat([{ role: "user", content: prompt }], options);
  }

  async chat(messages: readonly ChatMessage[], options?: CallOptions): Promise<LLMResponse> {
    const request = cassetteRequest("chat", messages, options);
    try {
      const response = await this.#inner.chat(messages, options);
      this.#record({ request, response: withoutRaw(response) });
      return response;
    } catch (error) {
      throw this.#recordError(request, error);
    }
  }

  streamComplete(prompt: string, options?: CallOptions): LLMStream {
    return this.streamChat([{ role: "user", content: prompt }], options);
  }

  streamChat(messages: readonly ChatMessage[], options?: CallOptions): LLMStream {
    return new ResponseStream(this.#recordStream(messages, options));
  }

  async structured<S extends z.ZodType>(schema: S, input: string | readonly ChatMessage[], options?: StructuredOptions): Promise<z.output<S>> {
    const messages: readonly ChatMessage[] = typeof input === "string" ? [{ role: "user", content: input }] : input;
    const request = cassetteRequest("structured", messages, options, schema);
    try {
      const value = await this.#inner.structured(schema, input, options);
      this.#record({ request, value });
      return value;
    } catch (error) {
      throw this.#recordError(request, error);
    }
  }

  async *#recordStream(messages: readonly ChatMessage[], options: CallOptions | undefined): AsyncGenerator<LLMChunk, LLMResponse, undefined> {
    const request = cassetteRequest("stream", messages, options);
    const stream = this.#inner.streamChat(messages, options);
    const chunks: Array<Omit<LLMChunk, "raw">> = [];
    try {
      for await (const chunk of stream) {
        chunks.push(withoutRaw(chunk));
        yield chunk;
      }
      const response = await stream.finalResponse();
      this.#record({ request, chunks, response: withoutRaw(response) });
      return response;
    } catch (error) {
      throw this.#recordError(request, error);
    }
  }

  #recordError(request: CassetteRequest, error: unknown): unknown {
    // An abort is the caller's doing, not the provider's answer: replaying it would be wrong.
    if (error instanceof LLMError && error.kind !== "aborted") this.#record({ request, error: toCassetteError(error) });
    return error;
  }

  #record(interaction: CassetteInteraction): void {
    this.#cassette.interactions.push(scrubSecrets(interaction) as CassetteInteraction);
    writeCassette(this.file, this.#cassette);
  }
}

function withoutRaw<T extends { raw?: unknown }>(value: T): Omit<T, "raw"> {
  const { raw: _raw, ...rest } = value;
  return rest;
}

function toCassetteError(error: LLMError): CassetteError {
  return {
    kind: error.kind,
    message: error.message,
    ...(error.status !== undefined && { status: error.status }),
    ...(error.code !== undefined && { code: error.code }),
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
  };
}

// The recorded calls follow the step's signal like the inner LLM's would (see BaseLLM).
followStepScope(RecordingLLM, LLM_SIGNAL_ARGS);
