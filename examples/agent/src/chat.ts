import { AgentStream, AgentToolCall, AgentToolCallResult } from "@weft/agents";
import type { LLM } from "@weft/llm";
import { agent } from "./agent-flow.js";

export interface ChatOptions {
  message: string;
  sessionId?: string;
  llm: LLM;
  write: (text: string) => void;
}

/** One user message through the agent: streams the answer and shows each tool call and its result as they happen. */
export async function chat({ message, sessionId, llm, write }: ChatOptions): Promise<string> {
  const handler = agent.run({ input: message, sessionId }, { resources: { llm } });
  for await (const ev of handler.streamEvents()) {
    if (ev instanceof AgentStream) write(ev.delta);
    else if (ev instanceof AgentToolCall) write(`  → ${ev.toolName}(${JSON.stringify(ev.toolKwargs)})\n`);
    else if (ev instanceof AgentToolCallResult) write(`  ${ev.isError ? "✗" : "←"} ${ev.toolName}: ${ev.toolOutput}\n`);
  }
  const { text } = await handler;
  write("\n");
  return text;
}
