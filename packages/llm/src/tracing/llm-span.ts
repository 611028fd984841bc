import { context, SpanKind, type Attributes, type Span } from "@opentelemetry/api";
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_INPUT_MIME_TYPE,
  ATTR_INPUT_VALUE,
  ATTR_LLM_MODEL_NAME,
  ATTR_LLM_TOKEN_COUNT_COMPLETION,
  ATTR_LLM_TOKEN_COUNT_PROMPT,
  ATTR_OPENINFERENCE_SPAN_KIND,
  ATTR_OUTPUT_MIME_TYPE,
  ATTR_OUTPUT_VALUE,
  REDACTED,
  toJson,
  truncate,
} from "@weft/core";
import type { ChatMessage } from "../types/message.js";
import type { CallOptions } from "../types/options.js";
import type { LLMResponse } from "../types/response.js";
import { messageAttributes } from "./message-attributes.js";
import { resolveTraceOptions, type ResolvedTraceOptions, type TraceOptions } from "./trace-options.js";
import { getTracer } from "./tracer.js";

export interface LLMSpanRequest {
  provider: string;
  model: string;
  messages: readonly ChatMessage[];
  options: CallOptions;
  /** What is sent to the provider besides messages and tools (model, temperature …). */
  invocationParameters: Record<string, unknown>;
  trace: TraceOptions | undefined;
  streaming: boolean;
}

export interface LLMSpan {
  span: Span;
  /** Undefined when the span is not recording: nothing more needs computing. */
  trace: ResolvedTraceOptions | undefined;
}

/** Starts the CLIENT span `chat <model>` as a child of the active context. */
export function startLLMSpan(request: LLMSpanRequest): LLMSpan {
  const span = getTracer().startSpan(`chat ${request.model}`, { kind: SpanKind.CLIENT }, context.active());
  if (!span.isRecording()) return { span, trace: undefined };
  const trace = resolveTraceOptions(request.trace);
  const max = trace.maxValueLength;
  const { options } = request;
  const attributes: Attributes = {
    [ATTR_OPENINFERENCE_SPAN_KIND]: "LLM",
    [ATTR_LLM_MODEL_NAME]: request.model,
    "llm.provider": request.provider,
    "llm.system": request.provider,
    "llm.invocation_parameters": truncate(toJson(request.invocationParameters), max),
    [ATTR_GEN_AI_OPERATION_NAME]: "chat",
    "gen_ai.provider.name": request.provider,
    [ATTR_GEN_AI_REQUEST_MODEL]: request.model,
    "weft.llm.streaming": request.streaming,
    [ATTR_INPUT_VALUE]: trace.hideInputs ? REDACTED : truncate(toJson({ messages: request.messages }), max),
    [ATTR_INPUT_MIME_TYPE]: "application/json",
    ...messageAttributes("llm.input_messages", request.messages, trace.hideInputMessages, max),
  };
  if (options.temperature !== undefined) attributes["gen_ai.request.temperature"] = options.temperature;
  if (options.maxTokens !== undefined) attributes["gen_ai.request.max_tokens"] = options.maxTokens;
  if (options.topP !== undefined) attributes["gen_ai.request.top_p"] = options.topP;
  if (options.stop !== undefined) attributes["gen_ai.request.stop_sequences"] = options.stop;
  if (options.seed !== undefined) attributes["gen_ai.request.seed"] = options.seed;
  options.tools?.forEach((tool, i) => {
    attributes[`llm.tools.${i}.tool.json_schema`] = truncate(
      toJson({ type: "function", function: { name: tool.name, description: tool.description, parameters: tool.jsonSchema } }),
      max,
    );
  });
  span.setAttributes(attributes);
  return { span, trace };
}

export function recordLLMResponse({ span, trace }: LLMSpan, response: LLMResponse): void {
  if (!trace) return;
  const max = trace.maxValueLength;
  const { usage } = response;
  const output = response.toolCalls.length > 0 ? toJson(response.message) : response.text;
  const attributes: Attributes = {
    [ATTR_OUTPUT_VALUE]: trace.hideOutputs ? REDACTED : truncate(output, max),
    [ATTR_OUTPUT_MIME_TYPE]: response.toolCalls.length > 0 ? "application/json" : "text/plain",
    ...messageAttributes("llm.output_messages", [response.message], trace.hideOutputMessages, max),
    [ATTR_LLM_TOKEN_COUNT_PROMPT]: usage.inputTokens,
    [ATTR_LLM_TOKEN_COUNT_COMPLETION]: usage.outputTokens,
    "llm.token_count.total": usage.totalTokens,
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: usage.inputTokens,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: usage.outputTokens,
    [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: [response.finishReason],
  };
  if (usage.cacheReadTokens !== undefined) {
    attributes["llm.token_count.prompt_details.cache_read"] = usage.cacheReadTokens;
    attributes["gen_ai.usage.cache_read.input_tokens"] = usage.cacheReadTokens;
  }
  if (usage.cacheWriteTokens !== undefined) {
    attributes["llm.token_count.prompt_details.cache_write"] = usage.cacheWriteTokens;
    attributes["gen_ai.usage.cache_creation.input_tokens"] = usage.cacheWriteTokens;
  }
  if (response.model !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = response.model;
  if (response.id !== undefined) attributes["gen_ai.response.id"] = response.id;
  span.setAttributes(attributes);
}

/** A structured call answered as a whole value (a replayed cassette's), as the span's JSON output. */
export function recordStructuredValue({ span, trace }: LLMSpan, value: unknown): void {
  if (!trace) return;
  span.setAttributes({
    [ATTR_OUTPUT_VALUE]: trace.hideOutputs ? REDACTED : truncate(toJson(value), trace.maxValueLength),
    [ATTR_OUTPUT_MIME_TYPE]: "application/json",
  });
}

/** Time to first token, as an attribute (for queries) and an event (for the timeline). */
export function recordFirstToken({ span }: LLMSpan, startedAt: number): void {
  if (!span.isRecording()) return;
  const ms = performance.now() - startedAt;
  span.setAttribute("weft.llm.time_to_first_token_ms", ms);
  span.addEvent("weft.llm.first_token", { "weft.llm.time_to_first_token_ms": ms });
}

/** How long the call waited for the rate limiter, on the LLM span. */
export function recordRateLimitWait({ span }: LLMSpan, waitedMs: number): void {
  if (!span.isRecording()) return;
  span.setAttribute("weft.llm.rate_limit.wait_ms", waitedMs);
  if (waitedMs > 0) span.addEvent("weft.llm.rate_limit.admitted", { "weft.llm.rate_limit.wait_ms": waitedMs });
}
