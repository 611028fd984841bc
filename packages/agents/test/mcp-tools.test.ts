import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SpanStatusCode } from "@opentelemetry/api";
import { MockLLM } from "@weft/llm";
import { createTestTracing, expectTrace } from "@weft/otel";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { agentWorkflow, mcpTools } from "../src/index.js";
import { startHttpMcpServer, type RunningMcpServer } from "./support/http-mcp-server.js";
import { received } from "./support/mcp-server.js";

const tracing = createTestTracing();
const stdioServer = fileURLToPath(new URL("./support/stdio-mcp-server.ts", import.meta.url));

interface Connection {
  client: Client;
  close(): Promise<void>;
}

async function overStdio(): Promise<Connection> {
  const client = new Client({ name: "weft-test", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: ["--import", "tsx", stdioServer], stderr: "pipe" }));
  return { client, close: () => client.close() };
}

let http: RunningMcpServer;
async function overHttp(): Promise<Connection> {
  const client = new Client({ name: "weft-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(http.url));
  return { client, close: () => client.close() };
}

beforeAll(async () => {
  http = await startHttpMcpServer();
});
afterAll(async () => {
  await http.close();
  await tracing.shutdown();
});
beforeEach(() => tracing.reset());

describe.each([
  ["stdio (a child process)", overStdio],
  ["Streamable HTTP (127.0.0.1)", overHttp],
])("mcpTools over %s", (transport, connect) => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await connect();
  });
  afterAll(() => connection.close());

  it("lists the server's tools with their own JSON Schemas, under names models accept", async () => {
    const tools = await mcpTools(connection.client);
    expect(tools.map((t) => t.name)).toEqual(["get_forecast", "divide", "files_count"]);
    const forecast = tools[0]!;
    expect(forecast.description).toBe("The forecast for a city, for 1 to 7 days");
    expect(forecast.jsonSchema).toMatchObject({
      type: "object",
      properties: { city: { type: "string", minLength: 1 }, days: { type: "integer", minimum: 1, maximum: 7, default: 3 } },
      required: ["city"],
    });
    expect(forecast.jsonSchema).not.toHaveProperty("$schema");
    expect((await mcpTools(connection.client, { include: ["divide"], prefix: "calc_" })).map((t) => t.name)).toEqual(["calc_divide"]);
  });

  it("runs them in an agent: results, validation and server errors come back to the model", async () => {
    const before = received.length;
    const llm = new MockLLM({
      responses: [
        {
          toolCalls: [
            { name: "get_forecast", arguments: { city: "Oslo" } },
            { name: "get_forecast", arguments: { city: "Oslo", days: 30 } },
            { name: "divide", arguments: { a: 1, b: 0 } },
            { name: "files_count", arguments: {} },
          ],
        },
        "Sunny in Oslo.",
      ],
    });
    const agent = agentWorkflow({ name: "McpAgent", llm, tools: await mcpTools(connection.client) });
    const result = await agent.run({ input: "Weather in Oslo?" });

    expect(result.text).toBe("Sunny in Oslo.");
    const [forecast, tooLong, divide, count] = result.toolCalls;
    expect(forecast).toMatchObject({ toolOutput: "Oslo: sunny for 3 days", isError: false });
    expect(tooLong).toMatchObject({ isError: true, toolOutput: expect.stringMatching(/^Error: tool "get_forecast": invalid arguments[\s\S]*days/) });
    expect(divide).toMatchObject({ isError: true, toolOutput: "Error: division by zero" });
    expect(count).toMatchObject({ isError: false, toolOutput: "42" });
    expect(llm.calls[0]!.options.tools?.find((t) => t.name === "divide")?.jsonSchema).toMatchObject({ required: ["a", "b"] });

    const trace = expectTrace(tracing.spans())
      .toBeOneTrace()
      .toHaveSpan("execute_tool get_forecast", { parent: "step callTool" })
      .toHaveAttribute("execute_tool get_forecast", "openinference.span.kind", "TOOL")
      .toHaveAttribute("execute_tool get_forecast", "output.value", "Oslo: sunny for 3 days")
      .toHaveError("execute_tool divide", "division by zero")
      .toHaveAttribute("invoke_workflow McpAgent", "weft.run.status", "completed");
    expect(trace.spans("execute_tool get_forecast").some((s) => s.status.code === SpanStatusCode.ERROR)).toBe(true);
    if (transport.startsWith("Streamable")) {
      // The server runs in this process here: the arguments that did not fit never reached it; the defaults did.
      expect(received.slice(before).sort((a, b) => a.tool.localeCompare(b.tool))).toEqual([
        { tool: "divide", args: { a: 1, b: 0 } },
        { tool: "get_forecast", args: { city: "Oslo", days: 3 } },
      ]);
    }
  });
});

describe("mcpTools, when things go wrong", () => {
  it("turns a call to a server that went away into a tool error", async () => {
    const { client } = await overStdio();
    const tools = await mcpTools(client, { include: ["divide"] });
    await client.close();
    const llm = new MockLLM({ responses: [{ toolCalls: [{ name: "divide", arguments: { a: 4, b: 2 } }] }, "The server is gone."] });
    const result = await agentWorkflow({ llm, tools }).run({ input: "4/2?" });
    expect(result.toolCalls[0]).toMatchObject({ isError: true, toolOutput: expect.stringMatching(/^Error: /) });
    expect(result.text).toBe("The server is gone.");
  });

  it("names what is wrong with a client or a tool's schema", async () => {
    await expect(mcpTools({} as never)).rejects.toThrow(/client must be a connected MCP Client/);
    const bad = {
      listTools: async () => ({ tools: [{ name: "broken", inputSchema: { type: "object", properties: { a: { $ref: "#/nowhere" } } } }] }),
      callTool: async () => ({}),
    };
    await expect(mcpTools(bad as never)).rejects.toThrow(/tool "broken": its inputSchema cannot be checked/);
  });
});
