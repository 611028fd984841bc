import type { Tool, ToolCall } from "@weft/llm";
import type { AgentToolContext } from "./agent-tool-context.js";

/** What the model reads back for one call. */
export interface ToolOutcome {
  output: string;
  isError: boolean;
}

/**
 * Runs one call and never throws: a missing tool, arguments that do not fit and a tool that fails all become an
 * `Error: …` result, so the model can read it and correct itself. (`tool.call` records the error on its span.)
 */
export async function runToolCall(tools: readonly Tool[], call: ToolCall, context: AgentToolContext): Promise<ToolOutcome> {
  const tool = tools.find((t) => t.name === call.name);
  try {
    if (!tool) throw new Error(`unknown tool "${call.name}"; the tools are: ${tools.map((t) => t.name).join(", ") || "none"}`);
    return { output: toText(await tool.call(call, context)), isError: false };
  } catch (error) {
    // The run's own end (cancel, timeout) is not the tool's error: let it stop the step.
    if (context.signal?.aborted) throw error;
    return { output: `Error: ${error instanceof Error ? error.message : String(error)}`, isError: true };
  }
}

function toText(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? String(value);
}
