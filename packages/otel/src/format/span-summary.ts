import { SpanStatusCode, type AttributeValue } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import {
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_LLM_MODEL_NAME,
  ATTR_LLM_TOKEN_COUNT_COMPLETION,
  ATTR_LLM_TOKEN_COUNT_PROMPT,
  ATTR_WEFT_EVENT_INPUT_TYPE,
  ATTR_WEFT_EVENT_TYPE,
  ATTR_WEFT_STEP_ATTEMPT,
  EVENT_WEFT_EVENT,
} from "@weft/core";

function first(span: ReadableSpan, keys: readonly string[]): AttributeValue | undefined {
  for (const key of keys) {
    const value = span.attributes[key];
    if (value !== undefined) return value;
  }
  return undefined;
}

function durationMs(span: ReadableSpan): string {
  const [seconds, nanos] = span.duration;
  const ms = seconds * 1e3 + nanos / 1e6;
  return `${ms.toFixed(1)} ms`;
}

/**
 * The few facts a reader scans a run for, in a fixed order: how long, which attempt, which model,
 * how many tokens, and what went wrong. Everything else stays in the backend.
 */
export function summarizeSpan(span: ReadableSpan): string {
  const parts: string[] = [span.name, durationMs(span)];

  const attempt = span.attributes[ATTR_WEFT_STEP_ATTEMPT];
  if (typeof attempt === "number" && attempt > 1) parts.push(`attempt=${attempt}`);

  const inputType = span.attributes[ATTR_WEFT_EVENT_INPUT_TYPE];
  if (typeof inputType === "string") parts.push(`in=${inputType}`);

  const model = first(span, [ATTR_GEN_AI_RESPONSE_MODEL, ATTR_LLM_MODEL_NAME, ATTR_GEN_AI_REQUEST_MODEL]);
  if (model !== undefined && !span.name.includes(String(model))) parts.push(`model=${String(model)}`);

  const input = first(span, [ATTR_GEN_AI_USAGE_INPUT_TOKENS, ATTR_LLM_TOKEN_COUNT_PROMPT]);
  const output = first(span, [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, ATTR_LLM_TOKEN_COUNT_COMPLETION]);
  if (input !== undefined || output !== undefined) {
    parts.push(`tokens=${input ?? "?"} in/${output ?? "?"} out`);
  }

  const finish = span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
  if (Array.isArray(finish) && finish.length > 0) parts.push(`finish=${finish.join(",")}`);

  if (span.status.code === SpanStatusCode.ERROR) {
    parts.push(span.status.message ? `ERROR: ${span.status.message}` : "ERROR");
  }
  if (!span.ended) parts.push("(not ended)");
  return parts.join("  ");
}

/** One line per event worth seeing in a tree: the events a step emitted. */
export function summarizeEvent(event: ReadableSpan["events"][number]): string | undefined {
  if (event.name === EVENT_WEFT_EVENT) {
    const type = event.attributes?.[ATTR_WEFT_EVENT_TYPE];
    return `→ ${typeof type === "string" ? type : "event"}`;
  }
  return undefined;
}
