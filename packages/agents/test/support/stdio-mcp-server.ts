import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { forecastServer } from "./mcp-server.js";

// Started by the tests as a child process: the MCP server over stdin/stdout.
await forecastServer().connect(new StdioServerTransport());
