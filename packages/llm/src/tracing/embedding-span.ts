import { context, SpanKind, type Attributes, type Span } from "@opentelemetry/api";
import { REDACTED, truncate } from "./redaction.js";
import { resolveTraceOptions, type ResolvedTraceOptions, type TraceOptions } from "./trace-options.js";
import { toJson } from "./to-json.js";
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
    "openinference.span.kind": "EMBEDDING",
    "embedding.model_name": model,
    "embedding.invocation_parameters": truncate(toJson(parameters), max),
    "llm.provider": provider,
    "gen_ai.operation.name": "embeddings",
    "gen_ai.provider.name": provider,
    "gen_ai.request.model": model,
    "input.value": trace.hideInputs ? REDACTED : truncate(toJson(texts), max),
    "input.mime_type": "application/json",
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
    attributes["gen_ai.usage.input_tokens"] = inputTokens;
    attributes["llm.token_count.prompt"] = inputTokens;
    attributes["llm.token_count.total"] = inputTokens;
  }
  if (responseModel !== undefined) attributes["gen_ai.response.model"] = responseModel;
  span.setAttributes(attributes);
}
