import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { agentWorkflow, AgentToolCall, AgentToolCallResult, mcpTools } from "@weft/agents";
import { chooseLLM, startTracing } from "@weft/example-support";
import { createDemoLLM } from "./demo-llm.js";

const question = process.argv.slice(2).join(" ") || "Remember that the meeting moved to Friday.";
const write = (text: string) => process.stdout.write(text);
const tracing = startTracing("weft-example-mcp");

// The MCP server runs as a child process of this one, spoken to over stdio; closing the client stops it.
const server = fileURLToPath(new URL("./notes-server.ts", import.meta.url));
const client = new Client({ name: "weft-example-mcp", version: "1.0.0" });
await client.connect(new StdioClientTransport({ command: process.execPath, args: ["--import", "tsx", server] }));

try {
  const tools = await mcpTools(client);
  write(`MCP tools: ${tools.map((t) => t.name).join(", ")}\n`);
  const { llm, description } = chooseLLM(() => createDemoLLM());
  write(`Model: ${description}\n`);

  const agent = agentWorkflow({ name: "Notes", llm, tools, systemPrompt: "You keep the user's notes with the tools. Answer briefly." });
  const handler = agent.run({ input: question });
  for await (const ev of handler.streamEvents()) {
    if (ev instanceof AgentToolCall) write(`  → ${ev.toolName}(${JSON.stringify(ev.toolKwargs)})\n`);
    else if (ev instanceof AgentToolCallResult) write(`  ${ev.isError ? "✗" : "←"} ${ev.toolName}: ${ev.toolOutput.replaceAll("\n", " | ")}\n`);
  }
  write(`${(await handler).text}\n\n${await tracing.takeReport()}\n`);
  await agent.close();
} catch (error) {
  console.error(`The agent failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await client.close();
  await tracing.shutdown();
}
