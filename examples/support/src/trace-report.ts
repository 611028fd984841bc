import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { formatSpanTree } from "@weft/otel";

function ms(span: ReadableSpan): number {
  return span.duration[0] * 1e3 + span.duration[1] / 1e6;
}

function isLLMCall(span: ReadableSpan): boolean {
  return span.attributes["openinference.span.kind"] === "LLM";
}

function tokens(span: ReadableSpan, key: string): number {
  const value = span.attributes[key];
  return typeof value === "number" ? value : 0;
}

/**
 * The run's trace for the terminal: the span tree (steps, LLM calls, tokens, durations), a totals line, and with
 * `verbose` each LLM call's prompt and time to first token plus the events each step emitted.
 */
export function traceReport(spans: readonly ReadableSpan[], { verbose = false }: { verbose?: boolean } = {}): string {
  if (spans.length === 0) return "no spans: the sampler left this run out (OTEL_TRACES_SAMPLER) or tracing is off (OTEL_SDK_DISABLED)";
  // Every streamed delta is an event on its step's span: useful in Jaeger, too many lines for a terminal.
  const lines = [formatSpanTree(spans, { showEvents: false })];
  const calls = spans.filter(isLLMCall);
  const input = calls.reduce((sum, s) => sum + tokens(s, "gen_ai.usage.input_tokens"), 0);
  const output = calls.reduce((sum, s) => sum + tokens(s, "gen_ai.usage.output_tokens"), 0);
  const runs = spans.filter((s) => s.attributes["gen_ai.operation.name"] === "invoke_workflow");
  const total = runs.reduce((sum, s) => sum + ms(s), 0);
  lines.push(`${calls.length} LLM call${calls.length === 1 ? "" : "s"} · ${input} tokens in / ${output} out · ${(total / 1000).toFixed(2)} s`);
  if (verbose) {
    for (const run of runs) lines.push(`run id ${String(run.attributes["weft.run.id"])}`);
    for (const call of calls) {
      const prompt = String(call.attributes["llm.input_messages.0.message.content"] ?? "");
      const firstToken = call.attributes["weft.llm.time_to_first_token_ms"];
      lines.push(
        `${call.name} (${String(call.attributes["llm.provider"])}): ${JSON.stringify(prompt.length > 80 ? `${prompt.slice(0, 80)}…` : prompt)}` +
          (typeof firstToken === "number" ? ` · first token after ${firstToken.toFixed(0)} ms` : ""),
      );
    }
    for (const step of spans.filter((s) => typeof s.attributes["weft.step.name"] === "string")) {
      const counts = new Map<string, number>();
      for (const e of step.events) {
        const type = e.attributes?.["weft.event.type"];
        if (typeof type === "string") counts.set(type, (counts.get(type) ?? 0) + 1);
      }
      const emitted = [...counts].map(([type, n]) => (n > 1 ? `${type} ×${n}` : type)).join(", ") || "nothing";
      lines.push(`${step.name} emitted ${emitted}`);
    }
  }
  return lines.join("\n");
}
