import type { LLM } from "@weft/llm";
import { agent, AnswerDeltaEvent, ToolCallEvent, ToolResultEvent } from "./agent-flow.js";

export interface ChatOptions {
  message: string;
  sessionId?: string;
  llm: LLM;
  write: (text: string) => void;
}

/** One user message through the agent: streams the answer and shows each tool call and its result as they happen. */
export async function chat({ message, sessionId, llm, write }: ChatOptions): Promise<string> {
  const handler = agent.run({ message, sessionId }, { resources: { llm } });
  for await (const ev of handler.streamEvents()) {
    if (ev instanceof AnswerDeltaEvent) write(ev.delta);
    else if (ev instanceof ToolCallEvent) write(`  → ${ev.name}(${ev.rawArguments})\n`);
    else if (ev instanceof ToolResultEvent) write(`  ${ev.isError ? "✗" : "←"} ${ev.name}: ${ev.output}\n`);
  }
  const { answer } = await handler;
  write("\n");
  return answer;
}
