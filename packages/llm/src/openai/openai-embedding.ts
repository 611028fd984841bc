import { context, trace } from "@opentelemetry/api";
import type OpenAI from "openai";
import { followStepSignal } from "../signal/follow-step-signal.js";
import { recordEmbeddings, startEmbeddingSpan } from "../tracing/embedding-span.js";
import { recordError } from "../tracing/record-error.js";
import type { TraceOptions } from "../tracing/trace-options.js";
import type { EmbeddingModel, EmbedOptions } from "../types/embedding-model.js";
import { createClient, endpointURL } from "./create-client.js";
import type { SdkLogger } from "../transport/sdk-logger.js";
import { mapOpenAIError } from "./map-openai-error.js";
import type { OpenAIConnectionOptions } from "./openai-llm-options.js";

export interface OpenAIEmbeddingOptions extends OpenAIConnectionOptions {
  /** e.g. "text-embedding-3-small", or "nomic-embed-text" on Ollama. */
  model: string;
  /** Output size, for models that can shorten their vectors. */
  dimensions?: number;
  /** Texts per request (OpenAI accepts up to 2048); larger inputs are sent in batches. Default 512. */
  batchSize?: number;
}

/** Embeddings through the `openai` SDK's `/embeddings` endpoint, traced as EMBEDDING spans. */
export class OpenAIEmbedding implements EmbeddingModel {
  readonly model: string;
  readonly provider: string;
  readonly client: OpenAI;
  readonly #options: OpenAIEmbeddingOptions;
  readonly #log: SdkLogger | undefined;
  readonly #trace: TraceOptions | undefined;

  constructor(options: OpenAIEmbeddingOptions) {
    if (typeof options?.model !== "string" || options.model.trim() === "") {
      throw new TypeError('OpenAIEmbedding: "model" is required, e.g. new OpenAIEmbedding({ model: "text-embedding-3-small" })');
    }
    const batchSize = options.batchSize ?? 512;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new TypeError(`OpenAIEmbedding: batchSize must be a positive integer (got ${options.batchSize})`);
    }
    this.#options = { ...options, batchSize };
    this.model = options.model;
    this.provider = options.provider ?? "openai";
    this.#trace = options.trace;
    const { client, log } = createClient("OpenAIEmbedding", options);
    this.client = client;
    this.#log = log;
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<number[][]> {
    if (!Array.isArray(texts)) throw new TypeError("OpenAIEmbedding.embed: texts must be an array of strings");
    texts.forEach((text, i) => {
      if (typeof text !== "string") throw new TypeError(`OpenAIEmbedding.embed: texts[${i}] must be a string (got ${typeof text})`);
    });
    if (texts.length === 0) return [];
    const parameters = {
      model: this.model,
      encoding_format: "float" as const,
      ...(this.#options.dimensions !== undefined && { dimensions: this.#options.dimensions }),
    };
    const embeddingSpan = startEmbeddingSpan(this.provider, this.model, texts, parameters, this.#trace);
    const { span } = embeddingSpan;
    try {
      const vectors: number[][] = [];
      let inputTokens: number | undefined;
      let responseModel: string | undefined;
      const batchSize = this.#options.batchSize!;
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize);
        const response = await context.with(trace.setSpan(context.active(), span), () =>
          this.client.embeddings.create(
            { ...parameters, input: batch },
            { ...(options.signal && { signal: options.signal }), ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }) },
          ),
        );
        if (response.data.length !== batch.length) {
          throw new Error(`OpenAIEmbedding: the server returned ${response.data.length} vectors for ${batch.length} texts`);
        }
        const ordered = [...response.data].sort((a, b) => a.index - b.index);
        vectors.push(...ordered.map((item) => item.embedding));
        if (response.usage?.prompt_tokens !== undefined) inputTokens = (inputTokens ?? 0) + response.usage.prompt_tokens;
        responseModel = response.model ?? responseModel;
      }
      recordEmbeddings(embeddingSpan, vectors, inputTokens, responseModel);
      return vectors;
    } catch (error) {
      const normalized = mapOpenAIError(error, this.provider, options.signal, endpointURL(this.client, "embeddings"), this.#log);
      recordError(span, normalized);
      throw normalized;
    } finally {
      span.end();
    }
  }
}

// An embedding model handed to a step follows the step's signal (see BaseLLM).
followStepSignal(OpenAIEmbedding, { embed: 1 });
