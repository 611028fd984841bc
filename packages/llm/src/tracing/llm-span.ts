import { context, SpanKind, type Attributes, type Span } from "@opentelemetry/api";
import type { ChatMessage } from "../types/message.js";
import type { CallOptions } from "../types/options.js";
import type { LLMResponse } from "../types/response.js";
import { messageAttributes } from "./message-attributes.js";
import { REDACTED, truncate } from "./redaction.js";
import { resolveTraceOptions, type ResolvedTraceOptions, type TraceOptions } from "./trace-options.js";
import { toJson } from "./to-json.js";
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
    "openinference.span.kind": "LLM",
    "llm.model_name": request.model,
    "llm.provider": request.provider,
    "llm.system": request.provider,
    "llm.invocation_parameters": truncate(toJson(request.invocationParameters), max),
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": request.provider,
    "gen_ai.request.model": request.model,
    "weft.llm.streaming": request.streaming,
    "input.value": trace.hideInputs ? REDACTED : truncate(toJson({ messages: request.messages }), max),
    "input.mime_type": "application/json",
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
    "output.value": trace.hideOutputs ? REDACTED : truncate(output, max),
    "output.mime_type": response.toolCalls.length > 0 ? "application/json" : "text/plain",
    ...messageAttributes("llm.output_messages", [response.message], trace.hideOutputMessages, max),
    "llm.token_count.prompt": usage.inputTokens,
    "llm.token_count.completion": usage.outputTokens,
    "llm.token_count.total": usage.totalTokens,
    "gen_ai.usage.input_tokens": usage.inputTokens,
    "gen_ai.usage.output_tokens": usage.outputTokens,
    "gen_ai.response.finish_reasons": [response.finishReason],
  };
  if (usage.cacheReadTokens !== undefined) {
    attributes["llm.token_count.prompt_details.cache_read"] = usage.cacheReadTokens;
    attributes["gen_ai.usage.cache_read.input_tokens"] = usage.cacheReadTokens;
  }
  if (usage.cacheWriteTokens !== undefined) {
    attributes["llm.token_count.prompt_details.cache_write"] = usage.cacheWriteTokens;
    attributes["gen_ai.usage.cache_creation.input_tokens"] = usage.cacheWriteTokens;
  }
  if (response.model !== undefined) attributes["gen_ai.response.model"] = response.model;
  if (response.id !== undefined) attributes["gen_ai.response.id"] = response.id;
  span.setAttributes(attributes);
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
