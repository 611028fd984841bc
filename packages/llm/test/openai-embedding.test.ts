import { describe, expect, it } from "vitest";
import { jsonFixture } from "./server/openai-wire-server.js";
import { useWireServer } from "./support/wire-server.js";

const wire = useWireServer();
const embedding = wire.embedding;

describe("OpenAIEmbedding over HTTP", () => {
  it("embeds texts in order as float vectors", async () => {
    const body = jsonFixture("embeddings.json") as { data: Array<{ index: number; embedding: number[] }> };
    wire.server.embeddings({ json: { ...body, data: [...body.data].reverse() } });
    const vectors = await embedding({ dimensions: 4 }).embed(["hello", "world"]);
    expect(vectors).toEqual([body.data[0]!.embedding, body.data[1]!.embedding]);
    expect(wire.server.requests[0]!.path).toBe("/v1/embeddings");
    expect(wire.server.requests[0]!.body).toEqual({
      model: "text-embedding-3-small",
      input: ["hello", "world"],
      encoding_format: "float",
      dimensions: 4,
    });
  });

  it("sends large inputs in batches", async () => {
    wire.server.embeddings({ json: jsonFixture("embeddings.json") }, { json: jsonFixture("embeddings.json") });
    const vectors = await embedding({ batchSize: 2 }).embed(["a", "b", "c", "d"]);
    expect(vectors).toHaveLength(4);
    expect(wire.server.requests.map((r) => r.body.input)).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("makes no request for no texts and names a bad text", async () => {
    expect(await embedding().embed([])).toEqual([]);
    await expect(embedding().embed(["ok", 3 as never])).rejects.toThrow(/texts\[1\] must be a string/);
  });

  it("maps HTTP errors", async () => {
    wire.server.embeddings({ json: jsonFixture("error-401.json"), status: 401 });
    await expect(embedding().embed(["x"])).rejects.toMatchObject({ name: "LLMError", kind: "auth" });
  });
});
