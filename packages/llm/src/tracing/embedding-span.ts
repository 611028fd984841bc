import { context, SpanKind, type Attributes, type Span } from "@opentelemetry/api";
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_INPUT_MIME_TYPE,
  ATTR_INPUT_VALUE,
  ATTR_LLM_TOKEN_COUNT_PROMPT,
  ATTR_OPENINFERENCE_SPAN_KIND,
  REDACTED,
  toJson,
  truncate,
} from "@weft/core";
import { resolveTraceOptions, type ResolvedTraceOptions, type TraceOptions } from "./trace-options.js";
import { getTracer } from "./tracer.js";

export interface EmbeddingSpan {
  span: Span;
  trace: ResolvedTraceOptions | undefined;
}

/**
 * Starts the CLIENT span `embeddings <model>` (OpenInference EMBEDDING). Texts are inputs
 * (hidden by `hideInputs`); vectors are not recorded, only their count and dimension.
 */
export function startEmbeddingSpan(
  provider: string,
  model: string,
  texts: readonly string[],
  parameters: Record<string, unknown>,
  traceOptions: TraceOptions | undefined,
): EmbeddingSpan {
  const span = getTracer().startSpan(`embeddings ${model}`, { kind: SpanKind.CLIENT }, context.active());
  if (!span.isRecording()) return { span, trace: undefined };
  const trace = resolveTraceOptions(traceOptions);
  const max = trace.maxValueLength;
  const attributes: Attributes = {
    [ATTR_OPENINFERENCE_SPAN_KIND]: "EMBEDDING",
    "embedding.model_name": model,
    "embedding.invocation_parameters": truncate(toJson(parameters), max),
    "llm.provider": provider,
    [ATTR_GEN_AI_OPERATION_NAME]: "embeddings",
    "gen_ai.provider.name": provider,
    [ATTR_GEN_AI_REQUEST_MODEL]: model,
    [ATTR_INPUT_VALUE]: trace.hideInputs ? REDACTED : truncate(toJson(texts), max),
    [ATTR_INPUT_MIME_TYPE]: "application/json",
    "weft.embedding.count": texts.length,
  };
  texts.forEach((text, i) => {
    attributes[`embedding.embeddings.${i}.embedding.text`] = trace.hideInputs ? REDACTED : truncate(text, max);
  });
  span.setAttributes(attributes);
  return { span, trace };
}

export function recordEmbeddings(
  { span, trace }: EmbeddingSpan,
  vectors: readonly number[][],
  inputTokens: number | undefined,
  responseModel: string | undefined,
): void {
  if (!trace) return;
  const attributes: Attributes = { "gen_ai.embeddings.dimension.count": vectors[0]?.length ?? 0 };
  if (inputTokens !== undefined) {
    attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = inputTokens;
    attributes[ATTR_LLM_TOKEN_COUNT_PROMPT] = inputTokens;
    attributes["llm.token_count.total"] = inputTokens;
  }
  if (responseModel !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = responseModel;
  span.setAttributes(attributes);
}
