import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

/** What the test servers were asked, so a test can tell that bad arguments never reached them. */
export const received: { tool: string; args: unknown }[] = [];

/** A small MCP server written with the SDK's own server class: a forecast, a division that can fail, a name with a dot. */
export function forecastServer(): McpServer {
  const server = new McpServer({ name: "weft-test-forecast", version: "1.0.0" });
  server.registerTool(
    "get_forecast",
    {
      description: "The forecast for a city, for 1 to 7 days",
      inputSchema: { city: z.string().min(1), days: z.number().int().min(1).max(7).default(3) },
    },
    async ({ city, days }) => {
      received.push({ tool: "get_forecast", args: { city, days } });
      return { content: [{ type: "text", text: `${city}: sunny for ${days} days` }] };
    },
  );
  server.registerTool(
    "divide",
    { description: "a / b", inputSchema: { a: z.number(), b: z.number() } },
    async ({ a, b }) => {
      received.push({ tool: "divide", args: { a, b } });
      if (b === 0) return { isError: true, content: [{ type: "text", text: "division by zero" }] };
      return { content: [{ type: "text", text: String(a / b) }] };
    },
  );
  server.registerTool("files.count", { description: "How many files there are", inputSchema: {} }, async () => ({
    content: [{ type: "text", text: "42" }],
  }));
  return server;
}
