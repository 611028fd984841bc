import type { LLMChunk } from "../../src/index.js";

/** Every chunk of a stream, read to its end. */
export async function collect(stream: AsyncIterable<LLMChunk>): Promise<LLMChunk[]> {
  const chunks: LLMChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}
