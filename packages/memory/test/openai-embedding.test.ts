import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { OpenAIEmbedding } from "@weft/llm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HashEmbedding, Memory, VectorBlock } from "../src/index.js";
import { setupTracing } from "./support/tracing.js";
import { wordTokenizer } from "./support/word-tokenizer.js";

const tracing = setupTracing();
const local = new HashEmbedding({ dimensions: 32 });
const requests: Array<{ model: string; input: string[] }> = [];
let server: Server;
let baseURL: string;

// A local server speaking OpenAI's /v1/embeddings wire format, so the real adapter is exercised end to end.
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", async () => {
      const request = JSON.parse(body) as { model: string; input: string[] };
      requests.push(request);
      const vectors = await local.embed(request.input);
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          object: "list",
          model: request.model,
          data: vectors.map((embedding, index) => ({ object: "embedding", index, embedding })),
          usage: { prompt_tokens: 5, total_tokens: 5 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  tracing.cleanup();
  await new Promise((resolve) => server.close(resolve));
});

describe("vector block with OpenAIEmbedding from @weft/llm", () => {
  it("embeds flushed turns and the query through the OpenAI adapter, traced under the memory spans", async () => {
    const embedding = new OpenAIEmbedding({ model: "text-embedding-3-small", apiKey: "test-key", baseURL });
    const memory = Memory.fromDefaults({
      sessionId: "s",
      tokenizer: wordTokenizer,
      tokenLimit: 200,
      chatHistoryTokenRatio: 0.1,
      tokenFlushSize: 1,
      blocks: [new VectorBlock({ embedding, topK: 1 })],
    });
    await memory.putMessages([
      { role: "user", content: "my sister Maja lives in Bergen" },
      { role: "assistant", content: "Bergen is rainy" },
      { role: "user", content: "I am learning the cello" },
      { role: "assistant", content: "a lovely instrument" },
    ]);
    await memory.put({ role: "user", content: "where does my sister Maja live" });
    const got = await memory.get();
    expect(got[0].content).toContain("<vector>\nuser: my sister Maja lives in Bergen\nassistant: Bergen is rainy\n</vector>");
    expect(requests.every((r) => r.model === "text-embedding-3-small")).toBe(true);
    expect(requests.at(-1)!.input).toEqual(["where does my sister Maja live"]);

    const embeddingSpans = tracing.exporter.getFinishedSpans().filter((s) => s.attributes["openinference.span.kind"] === "EMBEDDING");
    expect(embeddingSpans.length).toBe(requests.length);
    const memorySpanIds = new Set(
      tracing.exporter.getFinishedSpans().filter((s) => s.name.startsWith("memory.")).map((s) => s.spanContext().spanId),
    );
    for (const span of embeddingSpans) expect(memorySpanIds.has(span.parentSpanContext!.spanId)).toBe(true);
  });
});
