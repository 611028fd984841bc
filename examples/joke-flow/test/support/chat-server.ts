import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatRequestBody {
  model: string;
  stream?: boolean;
  messages: { role: string; content: string }[];
}

export interface ChatServer {
  /** The base URL to put in OPENAI_BASE_URL. */
  readonly baseURL: string;
  readonly requests: ChatRequestBody[];
  close(): Promise<void>;
}

/**
 * A local server speaking the OpenAI Chat Completions wire protocol, streaming (SSE) only: each answer from `reply`
 * goes out word by word, then a finish chunk and a usage chunk, as OpenAI and compatible servers send them.
 */
export async function startChatServer(reply: (prompt: string) => string): Promise<ChatServer> {
  const requests: ChatRequestBody[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (part: string) => (raw += part));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no route ${req.url}` } }));
        return;
      }
      const body = JSON.parse(raw) as ChatRequestBody;
      requests.push(body);
      const text = reply(body.messages.at(-1)?.content ?? "");
      const base = { id: `chatcmpl-${requests.length}`, object: "chat.completion.chunk", created: 1_700_000_000, model: body.model };
      const chunk = (data: object) => `data: ${JSON.stringify({ ...base, ...data })}\n\n`;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(chunk({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] }));
      for (const piece of text.match(/\s*\S+\s*/g) ?? []) {
        res.write(chunk({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] }));
      }
      res.write(chunk({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }));
      res.write(chunk({ choices: [], usage: { prompt_tokens: 11, completion_tokens: 22, total_tokens: 33 } }));
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
