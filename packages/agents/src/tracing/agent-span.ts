import { context, trace } from "@opentelemetry/api";
import { ATTR_GEN_AI_OPERATION_NAME, ATTR_OPENINFERENCE_SPAN_KIND, recordError } from "@weft/core";
import { VERSION } from "../version.js";

const tracer = () => trace.getTracer("@weft/agents", VERSION);

/**
 * Runs one model turn of `agent` in an `invoke_agent <agent>` span (GenAI `invoke_agent`, OpenInference `AGENT`), so
 * a trace shows which agent spoke when; the model call nests under it.
 */
export async function inAgentSpan<T>(agent: string, turn: number, run: () => Promise<T>): Promise<T> {
  const span = tracer().startSpan(`invoke_agent ${agent}`, {
    attributes: {
      [ATTR_GEN_AI_OPERATION_NAME]: "invoke_agent",
      "gen_ai.agent.name": agent,
      [ATTR_OPENINFERENCE_SPAN_KIND]: "AGENT",
      "weft.agent.turn": turn,
    },
  });
  try {
    return await context.with(trace.setSpan(context.active(), span), run);
  } catch (error) {
    recordError(span, error);
    throw error;
  } finally {
    span.end();
  }
}
