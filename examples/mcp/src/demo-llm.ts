import { MockLLM, type ChatMessage, type MockRequest, type MockResponse } from "@weft/llm";

function text(message: ChatMessage): string {
  return typeof message.content === "string" ? message.content : message.content.map((p) => (p.type === "text" ? p.text : "")).join("");
}

/**
 * The offline model: "remember X" saves a note, "forget N" deletes one, then it lists the notes and answers with
 * them. Enough to drive the MCP server's tools with no network.
 */
export function demoReply({ messages }: MockRequest): MockResponse {
  const lastUser = messages.findLastIndex((m) => m.role === "user");
  const question = lastUser >= 0 ? text(messages[lastUser]!) : "";
  const results = messages.slice(lastUser + 1).filter((m) => m.role === "tool");
  const done = (name: string) => results.find((m) => m.name === name);

  const remember = /remember (?:that )?(.+)/i.exec(question)?.[1];
  const forget = /forget (?:note )?(\d+)/i.exec(question)?.[1];
  if (remember && !done("add_note")) return { toolCalls: [{ name: "add_note", arguments: { text: remember.replace(/[.!]$/, "") } }] };
  if (forget && !done("delete_note")) return { toolCalls: [{ name: "delete_note", arguments: { number: Number(forget) } }] };
  const list = done("list_notes");
  if (!list) return { toolCalls: [{ name: "list_notes", arguments: {} }] };
  const problem = results.find((m) => text(m).startsWith("Error:"));
  return { text: `${problem ? `That did not work (${text(problem).slice(7)}). ` : ""}Your notes:\n${text(list)}` };
}

export function createDemoLLM(): MockLLM {
  return new MockLLM({ model: "demo-notes", responses: demoReply });
}
