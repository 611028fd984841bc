import { SpanStatusCode, type AttributeValue } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";

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

  const attempt = span.attributes["weft.step.attempt"];
  if (typeof attempt === "number" && attempt > 1) parts.push(`attempt=${attempt}`);

  const inputType = span.attributes["weft.event.input.type"];
  if (typeof inputType === "string") parts.push(`in=${inputType}`);

  const model = first(span, ["gen_ai.response.model", "llm.model_name", "gen_ai.request.model"]);
  if (model !== undefined && !span.name.includes(String(model))) parts.push(`model=${String(model)}`);

  const input = first(span, ["gen_ai.usage.input_tokens", "llm.token_count.prompt"]);
  const output = first(span, ["gen_ai.usage.output_tokens", "llm.token_count.completion"]);
  if (input !== undefined || output !== undefined) {
    parts.push(`tokens=${input ?? "?"} in/${output ?? "?"} out`);
  }

  const finish = span.attributes["gen_ai.response.finish_reasons"];
  if (Array.isArray(finish) && finish.length > 0) parts.push(`finish=${finish.join(",")}`);

  if (span.status.code === SpanStatusCode.ERROR) {
    parts.push(span.status.message ? `ERROR: ${span.status.message}` : "ERROR");
  }
  if (!span.ended) parts.push("(not ended)");
  return parts.join("  ");
}

/** One line per event worth seeing in a tree: the events a step emitted. */
export function summarizeEvent(event: ReadableSpan["events"][number]): string | undefined {
  if (event.name === "weft.event") {
    const type = event.attributes?.["weft.event.type"];
    return `→ ${typeof type === "string" ? type : "event"}`;
  }
  return undefined;
}
