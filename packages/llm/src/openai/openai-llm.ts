import type OpenAI from "openai";
import { zodFunction, zodResponseFormat } from "openai/helpers/zod";
import { BaseLLM } from "../core/base-llm.js";
import type { ChatRequest, ResponseFormat } from "../core/chat-request.js";
import { LLMError } from "../errors/llm-error.js";
import { assembleStream, sdkRequestOptions } from "../core/assemble-stream.js";
import type { Tool } from "../tools/tool.js";
import type { TraceOptions } from "../tracing/trace-options.js";
import type { LLMChunk } from "../types/chunk.js";
import type { StructuredMode, ToolChoice } from "../types/options.js";
import type { LLMResponse } from "../types/response.js";
import { createClient, endpointURL, isOpenAIEndpoint } from "./create-client.js";
import { fromCompletion } from "./from-openai.js";
import type { SdkLogger } from "../transport/sdk-logger.js";
import { mapOpenAIError } from "./map-openai-error.js";
import type { OpenAILLMOptions } from "./openai-llm-options.js";
import { StreamAssembler } from "./stream-assembler.js";
import { toOpenAIMessages } from "./to-openai-messages.js";

type Body = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type ToolParam = OpenAI.Chat.Completions.ChatCompletionTool;

/**
 * An `LLM` on the official `openai` SDK (Chat Completions). With `baseURL` it talks to any
 * OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp server).
 */
export class OpenAILLM extends BaseLLM {
  readonly model: string;
  readonly provider: string;
  /**
   * Not public so that the adapter's public surface is exactly `LLM`: a `MockLLM` can then stand in
   * for it wherever an `OpenAILLM` is expected (e.g. a workflow resource override).
   */
  protected readonly client: OpenAI;
  protected readonly traceOptions: TraceOptions | undefined;
  readonly #options: OpenAILLMOptions;
  readonly #log: SdkLogger | undefined;
  readonly #maxTokensField: "max_tokens" | "max_completion_tokens";

  constructor(options: OpenAILLMOptions) {
    super(options?.rateLimit);
    if (typeof options?.model !== "string" || options.model.trim() === "") {
      throw new TypeError('OpenAILLM: "model" is required, e.g. new OpenAILLM({ model: "gpt-4.1-mini" })');
    }
    this.#options = options;
    this.model = options.model;
    this.provider = options.provider ?? "openai";
    this.traceOptions = options.trace;
    const { client, log } = createClient("OpenAILLM", options, options.rateLimit && ((ms) => this.pauseRateLimit(ms)));
    this.client = client;
    this.#log = log;
    this.#maxTokensField = options.maxTokensField ?? (isOpenAIEndpoint(this.client) ? "max_completion_tokens" : "max_tokens");
  }

  protected override preferredStructuredMode(): StructuredMode {
    return this.#options.structuredMode ?? "auto";
  }

  protected override checkJsonSchema(format: ResponseFormat): void {
    try {
      zodResponseFormat(format.schema, format.name);
    } catch (error) {
      throw new LLMError(`structured "${format.name}": the schema cannot be sent as a strict JSON schema: ${(error as Error).message}`, {
        kind: "bad_request",
        provider: this.provider,
        cause: error,
      });
    }
  }

  protected invocationParameters(request: ChatRequest): Record<string, unknown> {
    const { messages: _messages, tools: _tools, response_format, ...rest } = this.#body(request);
    return response_format ? { ...rest, response_format: { type: response_format.type } } : rest;
  }

  protected normalizeError(error: unknown, request: ChatRequest): unknown {
    return mapOpenAIError(error, this.provider, request.options.signal, endpointURL(this.client, "chat/completions"), this.#log);
  }

  protected async send(request: ChatRequest): Promise<LLMResponse> {
    const completion = await this.client.chat.completions.create(this.#body(request), sdkRequestOptions(request));
    return fromCompletion(completion);
  }

  protected async *sendStream(request: ChatRequest): AsyncGenerator<LLMChunk, LLMResponse, undefined> {
    const body = {
      ...this.#body(request),
      stream: true as const,
      ...((this.#options.streamUsage ?? true) && { stream_options: { include_usage: true } }),
    };
    const stream = await this.client.chat.completions.create(body, sdkRequestOptions(request));
    return yield* assembleStream(stream, new StreamAssembler(), request, this.provider, "finish_reason");
  }

  #body(request: ChatRequest): Body {
    const defaults = this.#options;
    const options = request.options;
    const temperature = options.temperature ?? defaults.temperature;
    const maxTokens = options.maxTokens ?? defaults.maxTokens;
    const topP = options.topP ?? defaults.topP;
    const tools = options.tools ?? [];
    const body: Record<string, unknown> = {
      model: this.model,
      messages: toOpenAIMessages(request.messages),
      ...(temperature !== undefined && { temperature }),
      ...(maxTokens !== undefined && { [this.#maxTokensField]: maxTokens }),
      ...(topP !== undefined && { top_p: topP }),
      ...(options.stop !== undefined && { stop: options.stop }),
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(tools.length > 0 && { tools: tools.map(toToolParam) }),
      ...(tools.length > 0 && options.toolChoice !== undefined && { tool_choice: toToolChoice(options.toolChoice) }),
      ...(tools.length > 0 && options.parallelToolCalls !== undefined && { parallel_tool_calls: options.parallelToolCalls }),
      ...(request.responseFormat && { response_format: toResponseFormat(request.responseFormat) }),
      ...defaults.providerOptions,
      ...options.providerOptions,
    };
    return body as unknown as Body;
  }
}

function toToolParam(tool: Tool): ToolParam {
  if (tool.strict) {
    // The SDK's helper makes the schema strict-compatible (all fields required, no extra properties).
    const { function: fn } = zodFunction({ name: tool.name, parameters: tool.parameters, description: tool.description });
    return { type: "function", function: fn };
  }
  return { type: "function", function: { name: tool.name, description: tool.description, parameters: tool.jsonSchema } };
}

function toToolChoice(choice: ToolChoice): OpenAI.Chat.Completions.ChatCompletionToolChoiceOption {
  return typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } };
}

function toResponseFormat(format: ResponseFormat): Body["response_format"] {
  return format.type === "json_schema" ? zodResponseFormat(format.schema, format.name) : { type: "json_object" };
}
