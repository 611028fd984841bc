import { defineTool, type Tool } from "@weft/llm";
import { jsonSchemaToZod } from "./json-schema-to-zod.js";
import type { McpClient, McpToolInfo } from "./mcp-client.js";
import { mcpResultText } from "./mcp-result-text.js";

export interface McpToolsOptions {
  /** Which of the server's tools to take (by MCP name); default all. */
  include?: readonly string[] | ((tool: McpToolInfo) => boolean);
  /** Put before each tool's name (e.g. `"files_"`), to keep tools of several servers apart. */
  prefix?: string;
  signal?: AbortSignal;
}

/** A tool name models accept: letters, digits, `_` and `-`, at most 64. */
function modelToolName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64);
}

/**
 * The tools of a connected MCP client, as Weft tools for an agent (or any `tools` option):
 *
 * - the model sees each tool's own JSON Schema; arguments are validated against it before the server is called,
 *   so a bad call comes back to the model naming each problem;
 * - each call is an `execute_tool <name>` span (OpenInference TOOL);
 * - a result with `isError`, or a failed request, becomes a tool error the model reads.
 *
 * ```ts
 * const client = new Client({ name: "my-agent", version: "1.0.0" });
 * await client.connect(new StdioClientTransport({ command: "npx", args: ["my-mcp-server"] }));
 * const agent = agentWorkflow({ llm, tools: await mcpTools(client) });
 * ```
 */
export async function mcpTools(client: McpClient, options: McpToolsOptions = {}): Promise<Tool[]> {
  if (typeof client?.listTools !== "function" || typeof client.callTool !== "function") {
    throw new TypeError("mcpTools: client must be a connected MCP Client (from @modelcontextprotocol/sdk)");
  }
  const listed: McpToolInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? undefined : { cursor }, { signal: options.signal });
    listed.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);

  const include = options.include;
  const chosen = listed.filter((t) => (include === undefined ? true : typeof include === "function" ? include(t) : include.includes(t.name)));
  const names = new Map<string, string>();
  return chosen.map((info) => {
    const name = modelToolName(`${options.prefix ?? ""}${info.name}`);
    const clash = names.get(name);
    if (clash !== undefined) throw new TypeError(`mcpTools: the tools "${clash}" and "${info.name}" both become "${name}"; pick tools with include`);
    names.set(name, info.name);
    return mcpTool(client, info, name);
  });
}

function mcpTool(client: McpClient, info: McpToolInfo, name: string): Tool {
  const where = `mcpTools: tool "${info.name}"`;
  if (typeof info.inputSchema !== "object" || info.inputSchema === null) throw new TypeError(`${where} has no inputSchema`);
  let parameters;
  try {
    parameters = jsonSchemaToZod(info.inputSchema);
  } catch (error) {
    throw new TypeError(`${where}: its inputSchema cannot be checked: ${(error as Error).message}; leave it out with include`);
  }
  const tool = defineTool(name, { description: info.description ?? info.title ?? "", parameters }, async (args, context) => {
    const result = (await client.callTool({ name: info.name, arguments: args as Record<string, unknown> }, undefined, {
      signal: context.signal,
    })) as { content?: unknown; structuredContent?: unknown; isError?: boolean };
    const text = mcpResultText(result);
    if (result.isError) throw new Error(text || `MCP tool "${info.name}" failed`);
    return text;
  });
  // The model gets the server's schema exactly as written, not zod's rendering of it.
  const { $schema: _dialect, ...jsonSchema } = info.inputSchema;
  return { ...tool, jsonSchema };
}
