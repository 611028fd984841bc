import { SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";

// Spans shaped like a Weft run (names and attributes from the shared tracing conventions), produced
// through the global API exactly as the engine and @weft/llm produce them.

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

async function inSpan<T>(name: string, kind: SpanKind, attributes: Record<string, string | number | string[]>, body: (span: Span) => Promise<T>): Promise<T> {
  return trace.getTracer("@weft/test").startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await body(span);
    } finally {
      span.end();
    }
  });
}

/** generateJoke (one LLM call, emits JokeEvent) then critiqueJoke (one LLM call); `fail` makes the critique throw. */
export async function sampleJokeRun(options: { fail?: boolean } = {}): Promise<void> {
  await inSpan(
    "invoke_workflow JokeFlow",
    SpanKind.INTERNAL,
    { "openinference.span.kind": "CHAIN", "gen_ai.operation.name": "invoke_workflow", "weft.workflow.name": "JokeFlow" },
    async (run) => {
      let producer: Span | undefined;
      await inSpan("step generateJoke", SpanKind.INTERNAL, { "openinference.span.kind": "CHAIN", "weft.step.name": "generateJoke", "weft.step.attempt": 1, "weft.event.input.type": "StartEvent" }, async (step) => {
        await tick();
        await inSpan("chat gpt-4.1-mini", SpanKind.CLIENT, {
          "openinference.span.kind": "LLM",
          "gen_ai.operation.name": "chat",
          "gen_ai.request.model": "gpt-4.1-mini",
          "gen_ai.usage.input_tokens": 12,
          "gen_ai.usage.output_tokens": 40,
          "gen_ai.response.finish_reasons": ["stop"],
        }, async () => tick());
        step.addEvent("weft.event", { "weft.event.type": "JokeEvent", "weft.event.id": "ev-1" });
        producer = step;
      });
      try {
        await inSpan("step critiqueJoke", SpanKind.INTERNAL, { "openinference.span.kind": "CHAIN", "weft.step.name": "critiqueJoke", "weft.step.attempt": 1, "weft.event.input.type": "JokeEvent" }, async (step) => {
          step.addLink({ context: producer!.spanContext() });
          await tick();
          await inSpan("chat gpt-4.1-mini", SpanKind.CLIENT, {
            "openinference.span.kind": "LLM",
            "gen_ai.operation.name": "chat",
            "llm.model_name": "gpt-4.1-mini",
            "llm.token_count.prompt": 30,
            "llm.token_count.completion": 90,
          }, async () => tick());
          if (options.fail) {
            const error = new Error("critic unavailable");
            step.recordException(error);
            step.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
            throw error;
          }
        });
      } catch (error) {
        run.recordException(error as Error);
        run.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      }
    },
  );
}
