import type { Span, SpanValue } from "../api.js";

export type SpanRole = "run" | "step" | "llm" | "tool" | "memory" | "http" | "other";

/** What the timeline says about a span, from the attributes Weft's packages (and OpenInference, GenAI) set. */
export interface SpanFacts {
  role: SpanRole;
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  attempt?: number;
  retried: boolean;
  error: boolean;
}

const num = (v: SpanValue | undefined): number | undefined => (typeof v === "number" ? v : undefined);
const str = (v: SpanValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);

export function factsOf(span: Span): SpanFacts {
  const a = span.attributes;
  const kind = str(a["openinference.span.kind"]);
  const op = str(a["gen_ai.operation.name"]);
  let role: SpanRole = "other";
  if (kind === "LLM" || op === "chat" || op === "text_completion" || op === "generate_content") role = "llm";
  else if (kind === "TOOL" || op === "execute_tool") role = "tool";
  else if (a["weft.step.name"] !== undefined) role = "step";
  else if (a["weft.run.id"] !== undefined || op === "invoke_workflow") role = "run";
  else if (span.scope.includes("memory") || Object.keys(a).some((k) => k.startsWith("weft.memory."))) role = "memory";
  else if (a["http.request.method"] !== undefined) role = "http";
  const attempt = num(a["weft.step.attempt"]);
  return {
    role,
    model: str(a["gen_ai.response.model"]) ?? str(a["gen_ai.request.model"]) ?? str(a["llm.model_name"]),
    inputTokens: num(a["gen_ai.usage.input_tokens"]) ?? num(a["llm.token_count.prompt"]),
    outputTokens: num(a["gen_ai.usage.output_tokens"]) ?? num(a["llm.token_count.completion"]),
    attempt,
    retried: (attempt ?? 1) > 1 || a["weft.step.will_retry"] === true,
    error: span.status.code === 2 || span.events.some((e) => e.name === "exception"),
  };
}
