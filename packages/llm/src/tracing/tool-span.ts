import { context, SpanKind, trace } from "@opentelemetry/api";
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_INPUT_MIME_TYPE,
  ATTR_INPUT_VALUE,
  ATTR_OPENINFERENCE_SPAN_KIND,
  ATTR_OUTPUT_MIME_TYPE,
  ATTR_OUTPUT_VALUE,
  REDACTED,
  toJson,
  truncate,
} from "@weft/core";
import type { Tool } from "../tools/tool.js";
import type { ToolCall } from "../types/tool-call.js";
import { recordError } from "./record-error.js";
import { resolveTraceOptions } from "./trace-options.js";
import { getTracer } from "./tracer.js";

/**
 * Runs a tool's execution inside an `execute_tool <name>` span (OpenInference TOOL). A call stopped by `signal` (the
 * step cancelled, or a run paused for a human and saved) is noted as aborted, not as the tool's ERROR.
 */
export async function runToolInSpan<R>(
  tool: Tool,
  input: unknown,
  toolCall: ToolCall | undefined,
  signal: AbortSignal | undefined,
  run: () => Promise<R>,
): Promise<R> {
  const span = getTracer().startSpan(`execute_tool ${tool.name}`, { kind: SpanKind.INTERNAL }, context.active());
  const traceOptions = span.isRecording() ? resolveTraceOptions() : undefined;
  if (traceOptions) {
    const max = traceOptions.maxValueLength;
    span.setAttributes({
      [ATTR_OPENINFERENCE_SPAN_KIND]: "TOOL",
      [ATTR_GEN_AI_OPERATION_NAME]: "execute_tool",
      "gen_ai.tool.name": tool.name,
      "gen_ai.tool.description": truncate(tool.description, max),
      "tool.name": tool.name,
      "tool.description": truncate(tool.description, max),
      "tool.parameters": truncate(JSON.stringify(tool.jsonSchema), max),
      [ATTR_INPUT_VALUE]: traceOptions.hideInputs ? REDACTED : truncate(typeof input === "string" ? input : toJson(input), max),
      [ATTR_INPUT_MIME_TYPE]: "application/json",
    });
    if (toolCall) span.setAttribute("gen_ai.tool.call.id", toolCall.id);
  }
  try {
    const result = await context.with(trace.setSpan(context.active(), span), run);
    if (traceOptions) {
      const text = typeof result === "string" ? result : toJson(result);
      span.setAttributes({
        [ATTR_OUTPUT_VALUE]: traceOptions.hideOutputs ? REDACTED : truncate(text, traceOptions.maxValueLength),
        [ATTR_OUTPUT_MIME_TYPE]: typeof result === "string" ? "text/plain" : "application/json",
      });
    }
    return result;
  } catch (error) {
    if (signal?.aborted) {
      span.setAttribute("weft.tool.aborted", true);
      span.addEvent("weft.tool.aborted");
    } else {
      recordError(span, error);
    }
    throw error;
  } finally {
    span.end();
  }
}
