import { context, trace } from "@opentelemetry/api";
import { ATTR_WEFT_LLM_REPLAYED, type DurableCall } from "@weft/core";
import type { z } from "zod";
import { LLMError } from "../errors/llm-error.js";
import { estimateTokens } from "../rate-limit/estimate-tokens.js";
import type { RateLimit } from "../rate-limit/rate-limit-options.js";
import { RateLimiter, type RateLimitPermit } from "../rate-limit/rate-limiter.js";
import { recordFirstToken, recordLLMResponse, recordRateLimitWait, startLLMSpan, type LLMSpan } from "../tracing/llm-span.js";
import { LLM_SIGNAL_ARGS } from "../signal/llm-signal-args.js";
import { followStepScope } from "../signal/follow-step-signal.js";
import { recordError } from "../tracing/record-error.js";
import type { TraceOptions } from "../tracing/trace-options.js";
import type { LLMChunk } from "../types/chunk.js";
import type { LLM } from "../types/llm.js";
import type { ChatMessage } from "../types/message.js";
import type { CallOptions, StructuredMode, StructuredOptions } from "../types/options.js";
import type { LLMResponse } from "../types/response.js";
import type { LLMStream } from "../types/stream.js";
import type { ChatRequest, ResponseFormat } from "./chat-request.js";
import { jsonModeInstruction, parseStructured, repairInstruction } from "./parse-structured.js";
import { resolveToolCalls } from "./resolve-tool-calls.js";
import { ResponseStream } from "./response-stream.js";
import { validateMessages, validatePrompt } from "./validate-messages.js";
import { validateTools } from "./validate-tools.js";
import { recordedChunks, recordedResponse, type RecordedResponse } from "../durable/recorded-response.js";
import { requestKey } from "../durable/request-key.js";
import { stepDurableOf, withoutStepDurable } from "../durable/step-durable-option.js";

/**
 * What every adapter shares: input checks, tracing, tool-call validation, streams and the
 * structured-output loop. An adapter implements `send`, `sendStream` and error mapping.
 */
export abstract class BaseLLM implements LLM {
  abstract readonly model: string;
  abstract readonly provider: string;
  protected abstract readonly traceOptions: TraceOptions | undefined;
  /** Set once a server refused a JSON schema, so later `auto` calls go straight to JSON mode. */
  #jsonSchemaRefused = false;
  /** One per LLM resource: every view of it (each step's) and every run share it. */
  readonly #limiter: RateLimiter | undefined;

  /** `rateLimit`: limits for the calls through this LLM, or a `RateLimiter` shared with other LLMs. */
  constructor(rateLimit?: RateLimit) {
    this.#limiter = rateLimit === undefined || rateLimit instanceof RateLimiter ? rateLimit : new RateLimiter(rateLimit);
  }

  /** Holds every call through this LLM's rate limiter back for `ms` (a provider's `retry-after`); no-op without one. */
  protected pauseRateLimit(ms: number): void {
    this.#limiter?.pause(ms);
  }

  /** Performs one request. Tool calls may carry only `rawArguments`; they are parsed afterwards. */
  protected abstract send(request: ChatRequest): Promise<LLMResponse>;
  /** Performs one streamed request: yields chunks, returns the assembled response. */
  protected abstract sendStream(request: ChatRequest): AsyncGenerator<LLMChunk, LLMResponse, undefined>;
  /** The request's parameters besides messages and tools, for the trace. */
  protected abstract invocationParameters(request: ChatRequest): Record<string, unknown>;
  /** Turns whatever the provider threw into an `LLMError` (or leaves deliberate errors as they are). */
  protected abstract normalizeError(error: unknown, request: ChatRequest): unknown;

  /**
   * Throws an `LLMError` (kind `bad_request`) when the adapter cannot send `schema` as a strict
   * JSON schema; `auto` mode then uses JSON mode for this call without asking the server.
   */
  protected checkJsonSchema(_format: ResponseFormat): void {}

  /** `auto` tries a JSON schema first; adapters for servers without one can prefer `json_object`. */
  protected preferredStructuredMode(): StructuredMode {
    return "auto";
  }

  complete(prompt: string, options: CallOptions = {}): Promise<LLMResponse> {
    validatePrompt("complete", prompt);
    return this.chat([{ role: "user", content: prompt }], options);
  }

  async chat(messages: readonly ChatMessage[], options: CallOptions = {}): Promise<LLMResponse> {
    validateMessages("chat", messages);
    validateTools("chat", options.tools);
    return this.#traced({ messages, options });
  }

  streamComplete(prompt: string, options: CallOptions = {}): LLMStream {
    validatePrompt("streamComplete", prompt);
    return this.streamChat([{ role: "user", content: prompt }], options);
  }

  streamChat(messages: readonly ChatMessage[], options: CallOptions = {}): LLMStream {
    validateMessages("streamChat", messages);
    validateTools("streamChat", options.tools);
    const durable = stepDurableOf(options);
    if (durable === undefined) return new ResponseStream(this.#tracedStream({ messages, options }));
    const request = { messages, options: withoutStepDurable(options) };
    // the position is claimed when the step asks, not when it first reads: the order of its calls is the order it made them
    const call = durable.begin<RecordedResponse>("llm.stream", { key: requestKey(this.provider, this.model, request, true), onMismatch: "run" });
    return new ResponseStream(call.recorded ? this.#replayedStream(request, call.recorded.value) : this.#recordedStream(request, call));
  }

  async structured<S extends z.ZodType>(
    schema: S,
    input: string | readonly ChatMessage[],
    options: StructuredOptions = {},
  ): Promise<z.output<S>> {
    if (typeof schema?.safeParse !== "function") throw new TypeError("structured: schema must be a zod schema");
    const messages: readonly ChatMessage[] = typeof input === "string" ? [{ role: "user", content: input }] : input;
    validateMessages("structured", messages);
    const { name = "response", mode, ...callOptions } = options;
    const format = { name, schema };

    let response = await this.#structuredRequest(messages, callOptions, format, mode ?? this.preferredStructuredMode());
    let parsed = this.#parseReply(schema, response);
    if (parsed.ok) return parsed.value;

    const repairMessages: ChatMessage[] = [
      ...messages,
      { role: "assistant", content: response.text },
      { role: "user", content: repairInstruction(parsed.problem) },
    ];
    response = await this.#structuredRequest(repairMessages, callOptions, format, mode ?? this.preferredStructuredMode());
    parsed = this.#parseReply(schema, response);
    if (parsed.ok) return parsed.value;
    throw new LLMError(`structured "${name}": the model's reply does not fit the schema after one repair attempt: ${parsed.problem}`, {
      kind: "invalid_output",
      provider: this.provider,
      output: response.text,
    });
  }

  #parseReply<S extends z.ZodType>(schema: S, response: LLMResponse) {
    if (response.refusal !== undefined) {
      throw new LLMError(`the model refused to answer: ${response.refusal}`, {
        kind: "invalid_output",
        provider: this.provider,
        output: response.refusal,
      });
    }
    return parseStructured(schema, response.text);
  }

  async #structuredRequest(
    messages: readonly ChatMessage[],
    options: CallOptions,
    format: Omit<ResponseFormat, "type">,
    mode: StructuredMode,
  ): Promise<LLMResponse> {
    if (mode === "json_schema" || (mode === "auto" && !this.#jsonSchemaRefused)) {
      const responseFormat: ResponseFormat = { ...format, type: "json_schema" };
      let usable = true;
      try {
        this.checkJsonSchema(responseFormat);
      } catch (error) {
        if (mode === "json_schema") throw error;
        usable = false;
      }
      if (usable) {
        try {
          return await this.#traced({ messages, options, responseFormat });
        } catch (error) {
          const refused = error instanceof LLMError && error.kind === "bad_request";
          if (mode === "json_schema" || !refused) throw error;
          this.#jsonSchemaRefused = true;
        }
      }
    }
    const withInstruction: ChatMessage[] = [
      { role: "system", content: jsonModeInstruction(format.schema, format.name) },
      ...messages,
    ];
    return this.#traced({ messages: withInstruction, options, responseFormat: { ...format, type: "json_object" } });
  }

  #startSpan(request: ChatRequest, streaming: boolean): LLMSpan {
    return startLLMSpan({
      provider: this.provider,
      model: this.model,
      messages: request.messages,
      options: request.options,
      invocationParameters: this.invocationParameters(request),
      trace: this.traceOptions,
      streaming,
    });
  }

  #finish(request: ChatRequest, response: LLMResponse): LLMResponse {
    if (response.toolCalls.length === 0) return response;
    const toolCalls = resolveToolCalls(response.toolCalls, request.options.tools);
    return { ...response, toolCalls, message: { ...response.message, toolCalls } };
  }

  /**
   * One request, traced. In a journaled step the answer is recorded, and a step that runs again after a crash gets the
   * recorded answer for the same request at the same place instead of paying for it again.
   */
  #traced(request: ChatRequest): Promise<LLMResponse> {
    const durable = stepDurableOf(request.options);
    if (durable === undefined) return this.#tracedSend(request);
    const plain = { ...request, options: withoutStepDurable(request.options) };
    const call = durable.begin<RecordedResponse>("llm.chat", { key: requestKey(this.provider, this.model, plain, false), onMismatch: "run" });
    if (call.recorded) return Promise.resolve(this.#replayed(plain, call.recorded.value));
    return this.#tracedSend(plain).then((response) => {
      call.complete(recordedResponse(response));
      return response;
    });
  }

  /** A recorded answer, with a span like the call's own that says it was replayed (model, tokens and all). */
  #replayed(request: ChatRequest, recorded: RecordedResponse): LLMResponse {
    const llmSpan = this.#startSpan(request, false);
    llmSpan.span.setAttribute(ATTR_WEFT_LLM_REPLAYED, true);
    try {
      const response = this.#finish(request, recorded);
      recordLLMResponse(llmSpan, response);
      return response;
    } catch (error) {
      throw this.#failed(error, request, llmSpan.span);
    } finally {
      llmSpan.span.end();
    }
  }

  async *#replayedStream(request: ChatRequest, recorded: RecordedResponse): AsyncGenerator<LLMChunk, LLMResponse, undefined> {
    const llmSpan = this.#startSpan(request, true);
    llmSpan.span.setAttribute(ATTR_WEFT_LLM_REPLAYED, true);
    try {
      yield* recordedChunks(recorded);
      const response = this.#finish(request, recorded);
      recordLLMResponse(llmSpan, response);
      return response;
    } finally {
      llmSpan.span.end();
    }
  }

  /** A live stream whose answer is recorded once it has ended (a stream left early records nothing). */
  async *#recordedStream(request: ChatRequest, call: DurableCall<RecordedResponse>): AsyncGenerator<LLMChunk, LLMResponse, undefined> {
    const response = yield* this.#tracedStream(request);
    call.complete(recordedResponse(response));
    return response;
  }

  async #tracedSend(request: ChatRequest): Promise<LLMResponse> {
    const llmSpan = this.#startSpan(request, false);
    const { span } = llmSpan;
    let permit: RateLimitPermit | undefined;
    let usedTokens: number | undefined;
    try {
      if (this.#limiter) permit = this.#admitNow(request, llmSpan) ?? (await this.#admitLater(request, llmSpan));
      const raw = await context.with(trace.setSpan(context.active(), span), () => this.send(request));
      const response = this.#finish(request, raw);
      usedTokens = response.usage.totalTokens;
      recordLLMResponse(llmSpan, response);
      return response;
    } catch (error) {
      throw this.#failed(error, request, span);
    } finally {
      permit?.release(usedTokens);
      span.end();
    }
  }

  #admitNow(request: ChatRequest, llmSpan: LLMSpan): RateLimitPermit | undefined {
    const limiter = this.#limiter!;
    const permit = limiter.tryAcquire(limiter.countsTokens ? estimateTokens(request) : 0);
    if (permit) recordRateLimitWait(llmSpan, 0);
    return permit;
  }

  async #admitLater(request: ChatRequest, llmSpan: LLMSpan): Promise<RateLimitPermit> {
    const limiter = this.#limiter!;
    const permit = await limiter.acquire(limiter.countsTokens ? estimateTokens(request) : 0, request.options.signal, this.provider);
    recordRateLimitWait(llmSpan, permit.waitedMs);
    return permit;
  }

  /** The error to throw, recorded on the span; a provider's `Retry-After` pauses every call through the limiter. */
  #failed(error: unknown, request: ChatRequest, span: LLMSpan["span"]): unknown {
    const normalized = this.normalizeError(error, request);
    if (normalized instanceof LLMError && normalized.retryAfterMs !== undefined) this.#limiter?.pause(normalized.retryAfterMs);
    recordError(span, normalized);
    return normalized;
  }

  async *#tracedStream(request: ChatRequest): AsyncGenerator<LLMChunk, LLMResponse, undefined> {
    const llmSpan = this.#startSpan(request, true);
    const { span } = llmSpan;
    const spanContext = trace.setSpan(context.active(), span);
    const startedAt = performance.now();
    let source: AsyncGenerator<LLMChunk, LLMResponse, undefined> | undefined;
    let sawFirstToken = false;
    let settled = false;
    let permit: RateLimitPermit | undefined;
    let usedTokens: number | undefined;
    try {
      if (this.#limiter) permit = this.#admitNow(request, llmSpan) ?? (await this.#admitLater(request, llmSpan));
      source = context.with(spanContext, () => this.sendStream(request));
      while (true) {
        const step = await context.with(spanContext, () => source!.next());
        if (step.done) {
          const response = this.#finish(request, step.value);
          usedTokens = response.usage.totalTokens;
          recordLLMResponse(llmSpan, response);
          settled = true;
          return response;
        }
        if (!sawFirstToken && (step.value.delta !== "" || step.value.toolCallDeltas?.length)) {
          sawFirstToken = true;
          recordFirstToken(llmSpan, startedAt);
        }
        yield step.value;
      }
    } catch (error) {
      settled = true;
      throw this.#failed(error, request, span);
    } finally {
      if (!settled) {
        // The consumer left the loop early: close the provider's stream and say so in the trace.
        span.setAttribute("weft.llm.stream.cancelled", true);
        await source?.return(undefined as never).catch(() => undefined);
      }
      permit?.release(usedTokens);
      span.end();
    }
  }
}

// An LLM handed to a step follows the step's signal: the view the engine gets aborts every call on it.
followStepScope(BaseLLM, LLM_SIGNAL_ARGS);
