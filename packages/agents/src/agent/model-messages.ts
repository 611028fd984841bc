import type { ChatMessage } from "@weft/llm";

/**
 * What one model turn sees: the agent's system prompt, the session's earlier turns from memory, then this run's
 * messages. A system message memory leads with (its blocks) joins the prompt, so the model gets one system message.
 */
export function modelMessages(systemPrompt: string | undefined, history: readonly ChatMessage[], transcript: readonly ChatMessage[]): ChatMessage[] {
  const first = history[0];
  if (first?.role === "system" && typeof first.content === "string") {
    const content = systemPrompt ? `${systemPrompt}\n\n${first.content}` : first.content;
    return [{ ...first, content }, ...history.slice(1), ...transcript];
  }
  return [...(systemPrompt ? [{ role: "system" as const, content: systemPrompt }] : []), ...history, ...transcript];
}
