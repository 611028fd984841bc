/**
 * The part of an MCP `Client` (`@modelcontextprotocol/sdk/client/index.js`) that `mcpTools` uses. Written out here so
 * `@weft/agents` needs the SDK only when you use MCP.
 */
export interface McpClient {
  listTools(params?: { cursor?: string }, options?: { signal?: AbortSignal }): Promise<{ tools: McpToolInfo[]; nextCursor?: string }>;
  callTool(params: { name: string; arguments?: Record<string, unknown> }, resultSchema?: undefined, options?: { signal?: AbortSignal }): Promise<unknown>;
}

/** A tool as an MCP server lists it. */
export interface McpToolInfo {
  name: string;
  title?: string;
  description?: string;
  inputSchema: { type: "object"; [key: string]: unknown };
  [key: string]: unknown;
}
