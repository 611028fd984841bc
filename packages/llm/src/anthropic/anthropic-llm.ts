import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { assembleStream, sdkRequestOptions } from "../core/assemble-stream.js";
import { BaseLLM } from "../core/base-llm.js";
import type { ChatRequest, ResponseFormat } from "../core/chat-request.js";
import { LLMError } from "../errors/llm-error.js";
import type { Tool } from "../tools/tool.js";
import type { TraceOptions } from "../tracing/trace-options.js";
import type { SdkLogger } from "../transport/sdk-logger.js";
import type { LLMChunk } from "../types/chunk.js";
import type { StructuredMode, ToolChoice } from "../types/options.js";
import type { LLMResponse } from "../types/response.js";
import type { AnthropicLLMOptions } from "./anthropic-llm-options.js";
import { AnthropicStreamAssembler } from "./anthropic-stream-assembler.js";
import { createAnthropicClient } from "./create-anthropic-client.js";
import { fromMessage } from "./from-anthropic.js";
import { mapAnthropicError } from "./map-anthropic-error.js";
import { toAnthropicMessages } from "./to-anthropic-messages.js";

type Body = Anthropic.Messages.MessageCreateParamsNonStreaming;

/** The Messages API needs `max_tokens` on every request; AI SDK and LlamaIndex default to a few thousand too. */
const DEFAULT_MAX_TOKENS = 4096;

/**
 * An `LLM` on the official `@anthropic-ai/sdk` (Messages API): text, streaming, tool use (`tool_use` and
 * `tool_result` blocks as Weft tool calls), structured output through `output_config.format`, usage with cache
 * tokens, and errors as `LLMError` kinds (`overloaded` for 529, `rate_limit` with `retryAfterMs`, `context_length`).
 */
export class AnthropicLLM extends BaseLLM {
  readonly model: string;
  readonly provider: string;
  /** Not public, so that the adapter's public surface is exactly `LLM` (see `OpenAILLM.client`). */
  protected readonly client: Anthropic;
  protected readonly traceOptions: TraceOptions | undefined;
  readonly #options: AnthropicLLMOptions;
  readonly #log: SdkLogger | undefined;

  constructor(options: AnthropicLLMOptions) {
    super(options?.rateLimit);
    if (typeof options?.model !== "string" || options.model.trim() === "") {
      throw new TypeError('AnthropicLLM: "model" is required, e.g. new AnthropicLLM({ model: "claude-sonnet-4-5" })');
    }
    this.#options = options;
    this.model = options.model;
    this.provider = options.provider ?? "anthropic";
    this.traceOptions = options.trace;
    const { client, log } = createAnthropicClient(options, options.rateLimit && ((ms) => this.pauseRateLimit(ms)));
    this.client = client;
    this.#log = log;
  }

  protected override preferredStructuredMode(): StructuredMode {
    return this.#options.structuredMode ?? "auto";
  }

  protected override checkJsonSchema(format: ResponseFormat): void {
    try {
      outputSchema(format.schema);
    } catch (error) {
      throw new LLMError(`structured "${format.name}": the schema cannot be sent as a JSON schema: ${(error as Error).message}`, {
        kind: "bad_request",
        provider: this.provider,
        cause: error,
      });
    }
  }

  protected invocationParameters(request: ChatRequest): Record<string, unknown> {
    const { messages: _messages, system: _system, tools: _tools, output_config, ...rest } = this.#body(request);
    return output_config ? { ...rest, output_config: { format: { type: output_config.format?.type } } } : rest;
  }

  protected normalizeError(error: unknown, request: ChatRequest): unknown {
    return mapAnthropicError(error, this.provider, request.options.signal, `${this.client.baseURL.replace(/\/+$/, "")}/v1/messages`, this.#log);
  }

  protected async send(request: ChatRequest): Promise<LLMResponse> {
    return fromMessage(await this.client.messages.create(this.#body(request), sdkRequestOptions(request)));
  }

  protected async *sendStream(request: ChatRequest): AsyncGenerator<LLMChunk, LLMResponse, undefined> {
    const stream = await this.client.messages.create({ ...this.#body(request), stream: true }, sdkRequestOptions(request));
    return yield* assembleStream(stream, new AnthropicStreamAssembler(), request, this.provider, "message_stop");
  }

  #body(request: ChatRequest): Body {
    const defaults = this.#options;
    const options = request.options;
    const temperature = options.temperature ?? defaults.temperature;
    const topP = options.topP ?? defaults.topP;
    const tools = options.tools ?? [];
    const { system, messages } = toAnthropicMessages(request.messages);
    const toolChoice = toToolChoice(options.toolChoice, options.parallelToolCalls);
    const body: Record<string, unknown> = {
      model: this.model,
      max_tokens: options.maxTokens ?? defaults.maxTokens ?? DEFAULT_MAX_TOKENS,
      messages,
      ...(system !== undefined && { system }),
      ...(temperature !== undefined && { temperature }),
      ...(topP !== undefined && { top_p: topP }),
      ...(options.stop !== undefined && { stop_sequences: options.stop }),
      ...(tools.length > 0 && { tools: tools.map(toToolParam) }),
      ...(tools.length > 0 && toolChoice && { tool_choice: toolChoice }),
      ...(request.responseFormat?.type === "json_schema" && {
        output_config: { format: { type: "json_schema", schema: outputSchema(request.responseFormat.schema) } },
      }),
      ...defaults.providerOptions,
      ...options.providerOptions,
    };
    return body as unknown as Body;
  }
}

function toToolParam(tool: Tool): Anthropic.Messages.Tool {
  return {
    name: tool.name,
    description: tool.description,
    input_schema: tool.jsonSchema as Anthropic.Messages.Tool.InputSchema,
    ...(tool.strict && { strict: true }),
  };
}

function toToolChoice(choice: ToolChoice | undefined, parallel: boolean | undefined): Anthropic.Messages.ToolChoice | undefined {
  const single = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallel === false ? { type: "auto", ...single } : undefined;
  if (choice === "none") return { type: "none" };
  if (choice === "auto") return { type: "auto", ...single };
  if (choice === "required") return { type: "any", ...single };
  return { type: "tool", name: choice.name, ...single };
}

/** The JSON schema of a structured answer, as `output_config.format` takes it (closed objects, no `$schema`). */
function outputSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: "output" }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
