import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import { VERSION } from "../version.js";

const tracer = () => trace.getTracer("@weft/agents", VERSION);

/**
 * Runs one model turn of `agent` in an `invoke_agent <agent>` span (GenAI `invoke_agent`, OpenInference `AGENT`), so
 * a trace shows which agent spoke when; the model call nests under it.
 */
export async function inAgentSpan<T>(agent: string, turn: number, run: () => Promise<T>): Promise<T> {
  const span = tracer().startSpan(`invoke_agent ${agent}`, {
    attributes: {
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": agent,
      "openinference.span.kind": "AGENT",
      "weft.agent.turn": turn,
    },
  });
  try {
    return await context.with(trace.setSpan(context.active(), span), run);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
