import { ToolArgumentsError } from "../errors/tool-arguments-error.js";
import type { Tool } from "../tools/tool.js";
import type { ToolCall } from "../types/tool-call.js";

/**
 * Parses each call's raw arguments and, when the call names one of `tools`, validates them.
 * Problems are kept on the call's `error` so the conversation can go on.
 */
export function resolveToolCalls(calls: readonly ToolCall[], tools: readonly Tool[] | undefined): ToolCall[] {
  return calls.map((call) => {
    const tool = tools?.find((t) => t.name === call.name);
    if (tools && tools.length > 0 && !tool) {
      return { ...call, arguments: safeJson(call.rawArguments), error: `unknown tool "${call.name}"` };
    }
    try {
      const args = tool ? tool.parseArguments(call.rawArguments) : parseJson(call.name, call.rawArguments);
      return { ...call, arguments: args, error: undefined };
    } catch (error) {
      return { ...call, arguments: safeJson(call.rawArguments), error: (error as Error).message };
    }
  }).map(dropUndefinedError);
}

function parseJson(name: string, raw: string): unknown {
  try {
    return raw.trim() === "" ? {} : JSON.parse(raw);
  } catch (error) {
    throw new ToolArgumentsError(name, `arguments are not valid JSON: ${(error as Error).message}`, [], error);
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return {};
  }
}

function dropUndefinedError(call: ToolCall): ToolCall {
  if (call.error !== undefined) return call;
  const { error: _error, ...rest } = call;
  return rest;
}
