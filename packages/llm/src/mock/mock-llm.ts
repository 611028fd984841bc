import { BaseLLM } from "../core/base-llm.js";
import type { ChatRequest } from "../core/chat-request.js";
import { LLMError } from "../errors/llm-error.js";
import type { TraceOptions } from "../tracing/trace-options.js";
import type { LLMChunk } from "../types/chunk.js";
import type { ChatMessage } from "../types/message.js";
import type { LLMResponse } from "../types/response.js";
import type { ToolCall } from "../types/tool-call.js";
import { abortableDelay } from "../core/abortable-delay.js";
import type { MockCall, MockLLMOptions, MockReply, MockRequest, MockResponse, MockRule } from "./mock-types.js";
import { splitIntoChunks } from "./split-into-chunks.js";

interface RuleState {
  rule: MockRule;
  used: number;
}

/**
 * An `LLM` for tests: scripted answers, prompt rules, a fallback, delays, injected errors,
 * streaming in chunks — traced exactly like a real adapter, and every call recorded in `calls`.
 */
export class MockLLM extends BaseLLM {
  readonly model: string;
  readonly provider = "mock";
  /** Every call, in order. */
  readonly calls: MockCall[] = [];
  protected readonly traceOptions: TraceOptions | undefined;
  readonly #options: MockLLMOptions;
  readonly #queue: MockReply[];
  readonly #rules: RuleState[];
  #toolCallCount = 0;

  constructor(options: MockLLMOptions = {}) {
    super(options?.rateLimit);
    const { responses } = options;
    if (responses !== undefined && !Array.isArray(responses) && typeof responses !== "function") {
      throw new TypeError("MockLLM: responses must be an array of replies or a function");
    }
    this.#options = options;
    this.model = options.model ?? "mock-model";
    this.traceOptions = options.trace;
    this.#queue = Array.isArray(responses) ? [...responses] : [];
    this.#rules = (options.rules ?? []).map((rule, i) => {
      if (!rule || rule.match === undefined || rule.reply === undefined) {
        throw new TypeError(`MockLLM: rules[${i}] needs "match" and "reply"`);
      }
      return { rule, used: 0 };
    });
  }

  /** The last recorded call (throws when there was none). */
  get lastCall(): MockCall {
    const call = this.calls.at(-1);
    if (!call) throw new Error("MockLLM: no call was made");
    return call;
  }

  /** Scripted responses not used yet. */
  get remaining(): number {
    return this.#queue.length;
  }

  /** Adds replies to the end of the script. */
  enqueue(...replies: MockReply[]): this {
    this.#queue.push(...replies);
    return this;
  }

  /** Throws when scripted responses are left or a rule never matched. */
  assertAllUsed(): void {
    const problems: string[] = [];
    if (this.#queue.length > 0) problems.push(`${this.#queue.length} scripted response(s) were never used`);
    this.#rules.forEach(({ rule, used }, i) => {
      if (used === 0) problems.push(`rule ${i} (${describeMatcher(rule.match)}) never matched`);
    });
    if (problems.length > 0) throw new Error(`MockLLM: ${problems.join("; ")}`);
  }

  protected invocationParameters(request: ChatRequest): Record<string, unknown> {
    const { signal: _signal, tools: _tools, providerOptions, ...rest } = request.options;
    return { model: this.model, ...rest, ...providerOptions, ...(request.responseFormat && { response_format: request.responseFormat.type }) };
  }

  protected normalizeError(error: unknown): unknown {
    return error;
  }

  protected async send(request: ChatRequest): Promise<LLMResponse> {
    const scripted = await this.#answer(request, false);
    await abortableDelay(scripted.delayMs ?? this.#options.delayMs ?? 0, request.options.signal, this.provider);
    if (scripted.error !== undefined) throw toError(scripted.error);
    return this.#response(request, scripted);
  }

  protected async *sendStream(request: ChatRequest): AsyncGenerator<LLMChunk, LLMResponse, undefined> {
    const scripted = await this.#answer(request, true);
    const { signal } = request.options;
    await abortableDelay(scripted.delayMs ?? this.#options.delayMs ?? 0, signal, this.provider);
    const response = this.#response(request, scripted);
    const pieces = scripted.chunks ?? splitIntoChunks(response.text);
    let text = "";
    for (const [i, delta] of pieces.entries()) {
      if (i > 0) await abortableDelay(this.#options.chunkDelayMs ?? 0, signal, this.provider);
      text += delta;
      yield { delta, text };
    }
    if (scripted.error !== undefined) throw toError(scripted.error);
    if (response.toolCalls.length > 0) {
      yield {
        delta: "",
        text,
        toolCallDeltas: response.toolCalls.map((call, index) => ({
          index,
          id: call.id,
          name: call.name,
          argumentsDelta: call.rawArguments,
        })),
      };
    }
    yield { delta: "", text, finishReason: response.finishReason, usage: response.usage };
    return { ...response, text, message: { ...response.message, content: text } };
  }

  async #answer(request: ChatRequest, streaming: boolean): Promise<MockResponse> {
    const mockRequest: MockRequest = {
      messages: request.messages,
      options: request.options,
      prompt: lastUserText(request.messages),
      streaming,
      ...(request.responseFormat && {
        structured: { name: request.responseFormat.name, schema: request.responseFormat.schema, mode: request.responseFormat.type },
      }),
    };
    this.calls.push({
      messages: request.messages,
      options: request.options,
      prompt: mockRequest.prompt,
      streaming,
      ...(mockRequest.structured && { structured: mockRequest.structured }),
    });
    const reply = await this.#pick(mockRequest);
    return typeof reply === "string" ? { text: reply } : reply;
  }

  async #pick(request: MockRequest): Promise<MockReply> {
    for (const state of this.#rules) {
      const { rule } = state;
      if (rule.times !== undefined && state.used >= rule.times) continue;
      if (!matches(rule.match, request)) continue;
      state.used += 1;
      return typeof rule.reply === "function" ? rule.reply(request) : rule.reply;
    }
    const { responses } = this.#options;
    if (typeof responses === "function") return responses(request);
    const next = this.#queue.shift();
    if (next !== undefined) return next;
    const fallback = this.#options.fallback ?? "echo";
    if (fallback === "echo") return request.prompt;
    if (fallback === "error") {
      throw new LLMError(`MockLLM: no scripted response left and no rule matched the prompt ${JSON.stringify(request.prompt)}`, {
        kind: "bad_request",
        provider: this.provider,
      });
    }
    return typeof fallback === "function" ? fallback(request) : fallback;
  }

  #response(request: ChatRequest, scripted: MockResponse): LLMResponse {
    const text = scripted.object !== undefined ? JSON.stringify(scripted.object) : scripted.text ?? scripted.chunks?.join("") ?? "";
    const toolCalls: ToolCall[] = (scripted.toolCalls ?? []).map((call) => {
      if (typeof call?.name !== "string") throw new TypeError("MockLLM: a scripted tool call needs a name");
      const rawArguments = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {});
      return { id: call.id ?? `call_mock_${++this.#toolCallCount}`, name: call.name, arguments: undefined, rawArguments };
    });
    const inputTokens = scripted.usage?.inputTokens ?? estimateTokens(JSON.stringify(request.messages));
    const outputTokens = scripted.usage?.outputTokens ?? estimateTokens(text + toolCalls.map((c) => c.rawArguments).join(""));
    const message: ChatMessage = { role: "assistant", content: text, ...(toolCalls.length > 0 && { toolCalls }) };
    return {
      text,
      message,
      toolCalls,
      usage: { inputTokens, outputTokens, totalTokens: scripted.usage?.totalTokens ?? inputTokens + outputTokens },
      finishReason: scripted.finishReason ?? (toolCalls.length > 0 ? "tool_calls" : "stop"),
      model: this.model,
      id: `mock-${this.calls.length}`,
      raw: scripted,
    };
  }
}

function matches(matcher: MockRule["match"], request: MockRequest): boolean {
  if (typeof matcher === "string") return request.prompt.includes(matcher);
  if (matcher instanceof RegExp) {
    matcher.lastIndex = 0;
    return matcher.test(request.prompt);
  }
  return matcher(request);
}

function describeMatcher(matcher: MockRule["match"]): string {
  if (typeof matcher === "string") return JSON.stringify(matcher);
  if (matcher instanceof RegExp) return String(matcher);
  return "function";
}

function lastUserText(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role !== "user") continue;
    if (typeof message.content === "string") return message.content;
    return message.content.map((part) => (part.type === "text" ? part.text : "")).join("");
  }
  return "";
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function toError(error: NonNullable<MockResponse["error"]>): Error {
  if (typeof error === "string") return new LLMError(`MockLLM: injected ${error} error`, { kind: error, provider: "mock" });
  return error;
}
