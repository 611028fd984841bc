import { context, SpanKind, trace } from "@opentelemetry/api";
import type { Tool } from "../tools/tool.js";
import type { ToolCall } from "../types/tool-call.js";
import { recordError } from "./record-error.js";
import { REDACTED, truncate } from "./redaction.js";
import { resolveTraceOptions } from "./trace-options.js";
import { getTracer } from "./tracer.js";
import { toJson } from "./to-json.js";

/** Runs a tool's execution inside an `execute_tool <name>` span (OpenInference TOOL). */
export async function runToolInSpan<R>(
  tool: Tool,
  input: unknown,
  toolCall: ToolCall | undefined,
  run: () => Promise<R>,
): Promise<R> {
  const span = getTracer().startSpan(`execute_tool ${tool.name}`, { kind: SpanKind.INTERNAL }, context.active());
  const traceOptions = span.isRecording() ? resolveTraceOptions() : undefined;
  if (traceOptions) {
    const max = traceOptions.maxValueLength;
    span.setAttributes({
      "openinference.span.kind": "TOOL",
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": tool.name,
      "gen_ai.tool.description": truncate(tool.description, max),
      "tool.name": tool.name,
      "tool.description": truncate(tool.description, max),
      "tool.parameters": truncate(JSON.stringify(tool.jsonSchema), max),
      "input.value": traceOptions.hideInputs ? REDACTED : truncate(typeof input === "string" ? input : toJson(input), max),
      "input.mime_type": "application/json",
    });
    if (toolCall) span.setAttribute("gen_ai.tool.call.id", toolCall.id);
  }
  try {
    const result = await context.with(trace.setSpan(context.active(), span), run);
    if (traceOptions) {
      const text = typeof result === "string" ? result : toJson(result);
      span.setAttributes({
        "output.value": traceOptions.hideOutputs ? REDACTED : truncate(text, traceOptions.maxValueLength),
        "output.mime_type": typeof result === "string" ? "text/plain" : "application/json",
      });
    }
    return result;
  } catch (error) {
    recordError(span, error);
    throw error;
  } finally {
    span.end();
  }
}
