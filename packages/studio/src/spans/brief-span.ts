import type { SpanValue, StoredSpan } from "./stored-span.js";

/**
 * The attributes a timeline row and a run's page read (role, model, tokens, retries, the path a run took, how each
 * attempt of the run ended). A trace's brief form carries only these, so a trace of thousands of spans with long
 * prompts stays small; a span's details then load it whole.
 */
const KEPT = new Set([
  "openinference.span.kind",
  "gen_ai.operation.name",
  "gen_ai.request.model",
  "gen_ai.response.model",
  "gen_ai.usage.input_tokens",
  "gen_ai.usage.output_tokens",
  "llm.model_name",
  "llm.token_count.prompt",
  "llm.token_count.completion",
  "weft.run.id",
  "weft.run.status",
  "weft.run.waiting_for_input",
  "weft.step.name",
  "weft.step.attempt",
  "weft.step.will_retry",
  "http.request.method",
]);
const KEPT_PREFIX = "weft.memory.";

/** The span with only the attributes its timeline row reads, and its events' names and times. */
export function briefSpan(span: StoredSpan): StoredSpan {
  const attributes: Record<string, SpanValue> = {};
  for (const key of Object.keys(span.attributes)) if (KEPT.has(key) || key.startsWith(KEPT_PREFIX)) attributes[key] = span.attributes[key];
  return { ...span, attributes, events: span.events.map((e) => ({ name: e.name, timeMs: e.timeMs, attributes: {} })) };
}
