import type { z } from "zod";
import { toJson } from "@weft/core";
import { abortedError } from "../core/abortable-delay.js";
import { BaseLLM } from "../core/base-llm.js";
import type { ChatRequest } from "../core/chat-request.js";
import { validateMessages } from "../core/validate-messages.js";
import { LLMError } from "../errors/llm-error.js";
import { recordStructuredValue, startLLMSpan } from "../tracing/llm-span.js";
import { recordError } from "../tracing/record-error.js";
import type { TraceOptions } from "../tracing/trace-options.js";
import type { LLMChunk } from "../types/chunk.js";
import type { ChatMessage } from "../types/message.js";
import type { StructuredOptions } from "../types/options.js";
import type { LLMResponse } from "../types/response.js";
import { canonicalJson } from "./canonical-json.js";
import type { Cassette, CassetteInteraction, CassetteRequest } from "./cassette.js";
import { readCassette } from "./cassette-file.js";
import { cassetteRequest } from "./cassette-request.js";
import { differences } from "./first-difference.js";

export interface ReplayLLMOptions {
  /** A cassette written by `RecordingLLM`. */
  file: string;
  trace?: TraceOptions;
}

/**
 * Answers from a cassette, with no network: each request gets the answer recorded for an equal request (same
 * method, messages and options; `signal` and `timeoutMs` do not count). Equal requests get their answers in recorded
 * order, the last one again once they are used up. A request the cassette has no answer for fails with an `LLMError`
 * (kind `not_found`) naming the first difference from the nearest recorded request. Streams replay chunk by chunk;
 * calls are traced like a real adapter's, under the recorded provider and model.
 */
export class ReplayLLM extends BaseLLM {
  readonly model: string;
  readonly provider: string;
  readonly file: string;
  protected readonly traceOptions: TraceOptions | undefined;
  readonly #interactions: CassetteInteraction[];
  readonly #keys: string[];
  readonly #used = new Set<number>();

  constructor(options: ReplayLLMOptions) {
    super();
    if (typeof options?.file !== "string" || options.file === "") throw new TypeError('ReplayLLM: "file" is required (a cassette written by RecordingLLM)');
    const cassette: Cassette = readCassette("ReplayLLM", options.file);
    this.file = options.file;
    this.model = cassette.model;
    this.provider = cassette.provider;
    this.traceOptions = options.trace;
    this.#interactions = cassette.interactions;
    this.#keys = cassette.interactions.map((interaction) => canonicalJson(interaction.request));
  }

  override async structured<S extends z.ZodType>(
    schema: S,
    input: string | readonly ChatMessage[],
    options: StructuredOptions = {},
  ): Promise<z.output<S>> {
    const messages: readonly ChatMessage[] = typeof input === "string" ? [{ role: "user", content: input }] : input;
    validateMessages("structured", messages);
    const { name = "response", ...callOptions } = options;
    // one span for the whole call: the recording made its requests' spans, and a replay shows the call it stands for
    const llmSpan = startLLMSpan({
      provider: this.provider,
      model: this.model,
      messages,
      options: callOptions,
      invocationParameters: { model: this.model, replayed_from: this.file, response_format: "structured", schema_name: name },
      trace: this.traceOptions,
      streaming: false,
    });
    try {
      if (options.signal?.aborted) throw abortedError(this.provider);
      const interaction = this.#answer(cassetteRequest("structured", messages, options, schema));
      const parsed = schema.safeParse(interaction.value);
      if (!parsed.success) {
        throw new LLMError(`ReplayLLM: the recorded value does not fit the schema any more: ${parsed.error.message}`, {
          kind: "invalid_output",
          provider: this.provider,
          output: toJson(interaction.value),
        });
      }
      recordStructuredValue(llmSpan, parsed.data);
      return parsed.data;
    } catch (error) {
      recordError(llmSpan.span, error);
      throw error;
    } finally {
      llmSpan.span.end();
    }
  }

  protected invocationParameters(request: ChatRequest): Record<string, unknown> {
    return { model: this.model, replayed_from: this.file, ...(request.responseFormat && { response_format: request.responseFormat.type }) };
  }

  protected normalizeError(error: unknown): unknown {
    return error;
  }

  protected async send(request: ChatRequest): Promise<LLMResponse> {
    if (request.options.signal?.aborted) throw abortedError(this.provider);
    const interaction = this.#answer(cassetteRequest("chat", request.messages, request.options));
    return { ...interaction.response!, raw: undefined };
  }

  protected async *sendStream(request: ChatRequest): AsyncGenerator<LLMChunk, LLMResponse, undefined> {
    const interaction = this.#answer(cassetteRequest("stream", request.messages, request.options));
    for (const chunk of interaction.chunks ?? []) {
      if (request.options.signal?.aborted) throw abortedError(this.provider);
      yield chunk;
    }
    return { ...interaction.response!, raw: undefined };
  }

  /** The recorded interaction for `request`, or the recorded error thrown, or a diff of the nearest request. */
  #answer(request: CassetteRequest): CassetteInteraction {
    const key = canonicalJson(request);
    const matching = this.#keys.flatMap((k, i) => (k === key ? [i] : []));
    if (matching.length === 0) throw this.#noAnswer(request);
    const index = matching.find((i) => !this.#used.has(i)) ?? matching.at(-1)!;
    this.#used.add(index);
    const interaction = this.#interactions[index]!;
    if (interaction.error) {
      const { message, ...rest } = interaction.error;
      throw new LLMError(message, { ...rest, provider: this.provider });
    }
    return interaction;
  }

  #noAnswer(request: CassetteRequest): LLMError {
    const actual = JSON.parse(canonicalJson(request)) as unknown;
    let nearest: { index: number; diffs: ReturnType<typeof differences> } | undefined;
    this.#interactions.forEach((interaction, index) => {
      const diffs = differences(JSON.parse(this.#keys[index]!), actual);
      if (!nearest || diffs.length < nearest.diffs.length) nearest = { index, diffs };
    });
    const where = `the cassette ${this.file}`;
    const detail = nearest
      ? (() => {
          const first = nearest.diffs[0]!;
          return `; nearest is interactions[${nearest.index}], which differs first at ${first.path}: recorded ${short(first.recorded)}, got ${short(first.actual)}`;
        })()
      : " (it has no interactions)";
    return new LLMError(`ReplayLLM: no recorded answer in ${where} for this ${request.method} request${detail}`, {
      kind: "not_found",
      provider: this.provider,
    });
  }
}

function short(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
