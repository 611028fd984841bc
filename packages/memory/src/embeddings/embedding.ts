/**
 * Turns texts into vectors. `OpenAIEmbedding` from `@weft/llm` fits this shape, as does
 * `HashEmbedding` (local, deterministic, for tests and offline use).
 */
export interface Embedding {
  embed(texts: readonly string[]): Promise<number[][]>;
}
