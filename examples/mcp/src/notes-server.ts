import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

// A Model Context Protocol server, written with the SDK's own server class: a notebook kept in memory. The example
// starts it as a child process and talks to it over stdin/stdout; any MCP client (Claude Desktop, an IDE) could too.

const notes: string[] = ["Buy oat milk"];
const server = new McpServer({ name: "weft-example-notes", version: "1.0.0" });

server.registerTool(
  "add_note",
  { description: "Save a note", inputSchema: { text: z.string().min(1).max(500).describe("The note") } },
  async ({ text }) => {
    notes.push(text);
    return { content: [{ type: "text", text: `Saved note ${notes.length}.` }] };
  },
);

server.registerTool("list_notes", { description: "All notes, numbered", inputSchema: {} }, async () => ({
  content: [{ type: "text", text: notes.map((n, i) => `${i + 1}. ${n}`).join("\n") }],
}));

server.registerTool(
  "delete_note",
  { description: "Delete a note by its number", inputSchema: { number: z.number().int().min(1) } },
  async ({ number }) => {
    if (number > notes.length) return { isError: true, content: [{ type: "text", text: `there is no note ${number} (there are ${notes.length})` }] };
    const [removed] = notes.splice(number - 1, 1);
    return { content: [{ type: "text", text: `Deleted "${removed}".` }] };
  },
);

await server.connect(new StdioServerTransport());
